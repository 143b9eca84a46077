import Foundation
import Testing

@testable import EvidentCore

/// The one way Evident writes files: atomic, durable, with its permissions from creation, never
/// through a planted link or over something that is not a regular file, and nothing left behind.
@Suite struct DurableFileTests {
    static func directory() throws -> String {
        let dir = FileManager.default.temporaryDirectory.appendingPathComponent("durable-\(UUID().uuidString)").path
        try FileManager.default.createDirectory(atPath: dir, withIntermediateDirectories: true)
        return dir
    }

    static func leftovers(_ dir: String) throws -> [String] {
        try FileManager.default.contentsOfDirectory(atPath: dir).filter { $0.contains(".tmp-") }
    }

    @Test func writesReplacesAndRefuses() throws {
        let dir = try Self.directory(), path = dir + "/out.txt"
        try DurableFile.write(Array("one".utf8), to: path)
        try DurableFile.write(Array("two".utf8), to: path)
        #expect(FileManager.default.contents(atPath: path) == Data("two".utf8))
        let e = #expect(throws: DurableFile.Failure.self) {
            try DurableFile.write(Array("three".utf8), to: path, existing: .refuse)
        }
        #expect(e?.code == .exists)
        #expect(FileManager.default.contents(atPath: path) == Data("two".utf8))
        try DurableFile.write(Array("new".utf8), to: dir + "/new.txt", existing: .refuse)
        #expect(FileManager.default.contents(atPath: dir + "/new.txt") == Data("new".utf8))
        #expect(try Self.leftovers(dir).isEmpty)
    }

    @Test func permissionsFromCreationWhateverTheUmask() throws {
        let dir = try Self.directory(), path = dir + "/secret"
        let old = umask(0)
        defer { umask(old) }
        try DurableFile.write([1, 2, 3], to: path, mode: 0o600)
        let attrs = try FileManager.default.attributesOfItem(atPath: path)
        #expect((attrs[.posixPermissions] as? NSNumber)?.intValue == 0o600)
    }

    @Test func neverOverSomethingThatIsNotARegularFile() throws {
        let dir = try Self.directory()
        // A symbolic link at the target (pointing at a file someone else owns, say) is refused,
        // and the file it points at is untouched.
        let victim = dir + "/victim", link = dir + "/link"
        try DurableFile.write(Array("victim".utf8), to: victim)
        try FileManager.default.createSymbolicLink(atPath: link, withDestinationPath: victim)
        let e = #expect(throws: DurableFile.Failure.self) { try DurableFile.write(Array("x".utf8), to: link) }
        #expect(e?.code == .notRegularFile)
        #expect(FileManager.default.contents(atPath: victim) == Data("victim".utf8))
        // A character device is written directly and stays a device (an output refusing to
        // replace a file still writes into it); where only a new file will do (a key) it is refused.
        try DurableFile.write(Array("x".utf8), to: "/dev/null")
        try DurableFile.write(Array("x".utf8), to: "/dev/null", existing: .refuse)
        var st = stat()
        #expect(stat("/dev/null", &st) == 0 && st.st_mode & S_IFMT == S_IFCHR)
        let dev = #expect(throws: DurableFile.Failure.self) {
            try DurableFile.write(Array("x".utf8), to: "/dev/null", existing: .create)
        }
        #expect(dev?.code == .notRegularFile)
        // A FIFO nobody reads: an error at once, not a hang; it stays a FIFO.
        let fifo = dir + "/fifo"
        #expect(mkfifo(fifo, 0o600) == 0)
        let noReader = #expect(throws: DurableFile.Failure.self) { try DurableFile.write(Array("x".utf8), to: fifo) }
        #expect(noReader?.code == .io)
        #expect(lstat(fifo, &st) == 0 && st.st_mode & S_IFMT == S_IFIFO)
        // A directory.
        #expect(throws: DurableFile.Failure.self) { try DurableFile.write(Array("x".utf8), to: dir) }
        #expect(try Self.leftovers(dir).isEmpty)
    }

    /// A streamed output: refused at open when the target exists (nothing created), removed
    /// when abandoned, in place only once committed.
    @Test func sinksCommitOrLeaveNothing() throws {
        let dir = try Self.directory(), path = dir + "/bundle"
        let sink = try DurableFile.Sink(path: path, existing: .refuse)
        try sink.write(Array("part".utf8))
        #expect(!FileManager.default.fileExists(atPath: path))
        sink.abandon()
        #expect(!FileManager.default.fileExists(atPath: path))
        #expect(try Self.leftovers(dir).isEmpty)
        let whole = try DurableFile.Sink(path: path, existing: .refuse)
        try whole.write(Array("whole".utf8))
        try whole.commit()
        #expect(FileManager.default.contents(atPath: path) == Data("whole".utf8))
        let e = #expect(throws: DurableFile.Failure.self) { try DurableFile.Sink(path: path, existing: .refuse) }
        #expect(e?.code == .exists)
        #expect(try Self.leftovers(dir).isEmpty)
        let direct = try DurableFile.Sink(path: "/dev/null", existing: .refuse)
        #expect(direct.isDirect)
        try direct.commit()
    }

    @Test func aMissingDirectoryIsAnIOError() throws {
        let e = #expect(throws: DurableFile.Failure.self) {
            try DurableFile.write([1], to: "/nonexistent-\(UUID().uuidString)/file")
        }
        #expect(e?.code == .io && e?.description.contains("cannot create") == true)
    }

    @Test func privateDirectoriesAreFreshAndOurs() throws {
        let dir = try Self.directory()
        let a = try DurableFile.privateDirectory(in: dir, prefix: "stage-")
        let b = try DurableFile.privateDirectory(in: dir, prefix: "stage-")
        #expect(a != b && a.hasPrefix(dir + "/stage-"))
        let attrs = try FileManager.default.attributesOfItem(atPath: a)
        #expect((attrs[.posixPermissions] as? NSNumber)?.intValue == 0o700)
        #expect(try FileManager.default.contentsOfDirectory(atPath: a).isEmpty)
    }
}
