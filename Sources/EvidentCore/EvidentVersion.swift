/// The version of this implementation, as `evident --version` prints it and every verification
/// report names it (`verifier.version`).
public enum EvidentVersion {
    public static let current = "0.1.0"

    /// The git commit this binary was built from, or nil when the build did not record one (a
    /// plain `swift build`). scripts/package builds from a copy of the sources in which it
    /// rewrites EvidentBuild.swift with the commit; the tracked file says nil (docs/install.md).
    public static var commit: String? { EvidentBuild.commit }
}
