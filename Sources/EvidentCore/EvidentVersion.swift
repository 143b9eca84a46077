/// The version of this implementation, as `evident --version` prints it and every verification
/// report names it (`verifier.version`).
public enum EvidentVersion {
    public static let current = "0.1.0"
}
