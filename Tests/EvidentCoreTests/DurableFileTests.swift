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
        // A character device is written directly and stays a device; where a file must not be
        // replaced (a bundle, a key) it is refused.
        try DurableFile.write(Array("x".utf8), to: "/dev/null")
        var st = stat()
        #expect(stat("/dev/null", &st) == 0 && st.st_mode & S_IFMT == S_IFCHR)
        let dev = #expect(throws: DurableFile.Failure.self) {
            try DurableFile.write(Array("x".utf8), to: "/dev/null", existing: .refuse)
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
