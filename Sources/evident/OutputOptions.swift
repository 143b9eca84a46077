import ArgumentParser
import EvidentCore

/// `--force` for commands that write output files (issue #13, item 5): an existing regular
/// file is refused unless it is given; a device, a FIFO or `-` is written directly either way,
/// and a link, a directory or a socket is never replaced.
struct OutputOptions: ParsableArguments {
    @Flag(help: "Replace an existing output file (never a link, a directory or a socket).") var force = false

    var existing: DurableFile.Existing { force ? .replace : .refuse }
}
