/// What the build recorded about itself. This file says nothing: scripts/package rewrites it in
/// its own copy of the sources (never here) with the commit it builds (docs/install.md).
enum EvidentBuild {
    static let commit: String? = nil
}
