/// The order an archive time-stamp and the anchor token it covers must keep (docs/evidence-records.md):
/// an evidence record's first archive time-stamp (or a hash-tree renewal's, which covers the data
/// objects again) cannot predate the anchor token among its data objects. Clocks of different
/// TSAs differ, so each time counts with its accuracy and a tolerance of ``toleranceMillis``.
/// One rule for `evident renew` (which refuses to record such a time-stamp) and the bundle
/// verifier (which fails a record that holds one).
public enum ArchiveTimeOrder {
    /// What two TSAs' clocks may differ beyond their stated accuracies.
    public static let toleranceMillis: Int64 = 2000

    /// Whether an archive time-stamp at `archiveGenTimeMillis` (± `archiveAccuracyMillis`)
    /// predates an anchor at `anchorGenTimeMillis` (± `anchorAccuracyMillis`): its latest
    /// possible time plus the tolerance is before the anchor's earliest.
    public static func predatesAnchor(
        archiveGenTimeMillis: Int64, archiveAccuracyMillis: Int64 = 0, anchorGenTimeMillis: Int64,
        anchorAccuracyMillis: Int64 = 0
    ) -> Bool {
        archiveGenTimeMillis + archiveAccuracyMillis + toleranceMillis < anchorGenTimeMillis - anchorAccuracyMillis
    }
}
