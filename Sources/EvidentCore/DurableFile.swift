#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// Every file Evident writes goes through here (issue #15: it was written six ways; the rules
/// are the hardening issue's, #13):
///
/// - the bytes go to a new temporary file next to the target, created `O_CREAT | O_EXCL |
///   O_NOFOLLOW` under a random name with its final permissions (a key is never readable by
///   others, even briefly; a link planted at a predictable name is never followed);
/// - it is written completely and fsync'd, then renamed over the target (``Existing/replace``)
///   or linked to it, failing if the target exists (``Existing/refuse``, ``Existing/create``),
///   and the directory is fsync'd, so after a crash the target holds the old content or the
///   new, never a part;
/// - a target that is a character device or a FIFO (`-o /dev/null`, `-o /dev/stdout`, a pipe a
///   reader holds open) is written directly, never replaced (except with ``Existing/create``:
///   keys and ledger files are only ever new files; a FIFO without a reader is an error, not a
///   hang); any other target that is not a regular file (a directory, a symbolic link, a
///   socket, a block device) is refused: a rename would replace it.
///
/// ``Sink`` is the same for output written as a stream (a bundle): opened before, committed
/// when complete, abandoned (nothing left) on failure.
public enum DurableFile {
    /// What fails here: a code to match on and a detail that reads as a sentence.
    public typealias Failure = CodedFailure<DurableFile>

    /// What to do when the target exists.
    public enum Existing: Sendable {
        /// Replace an existing regular file atomically (`--force`).
        case replace
        /// Fail with ``ErrorCode/exists`` when a regular file is there, writing nothing (the
        /// default for every `-o`: an output is never silently replaced).
        case refuse
        /// Only a new file: anything already there, even a device, is refused (keys, ledger files).
        case create
    }

    /// Writes `bytes` as the whole content of `path`.
    public static func write(
        _ bytes: [UInt8], to path: String, mode: mode_t = 0o644, existing: Existing = .replace
    ) throws {
        let sink = try Sink(path: path, mode: mode, existing: existing)
        do { try sink.write(bytes) } catch {
            sink.abandon()
            throw error
        }
        try sink.commit()
    }

    /// Where one output goes, opened before it is written: a temporary file next to a regular
    /// target (committed by ``commit()``, removed by ``abandon()``), or the device, FIFO or
    /// standard output it is written to directly.
    public final class Sink {
        /// The descriptor to write to.
        public let fd: Int32
        /// The target as named (`-` for standard output).
        public let path: String
        /// The temporary file, for a regular target; nil when written directly.
        let temporary: String?
        let existing: Existing
        private var done = false

        /// Opens `path` for a new output: refused at once (nothing created) when the target
        /// exists and ``Existing`` does not allow it.
        public init(path: String, mode: mode_t = 0o644, existing: Existing) throws {
            self.path = path
            self.existing = existing
            var st = stat()
            if lstat(path, &st) == 0 {
                let kind = st.st_mode & S_IFMT
                if existing != .create, kind == S_IFCHR || kind == S_IFIFO {
                    // O_NONBLOCK on open: a FIFO nobody reads fails (ENXIO) instead of blocking forever.
                    let fd = open(path, O_WRONLY | O_NOFOLLOW | O_CLOEXEC | (kind == S_IFIFO ? O_NONBLOCK : 0))
                    guard fd >= 0 else {
                        throw Failure(.io, "\(path): cannot open for writing: \(String(cString: strerror(errno)))")
                    }
                    if kind == S_IFIFO { _ = fcntl(fd, F_SETFL, fcntl(fd, F_GETFL) & ~O_NONBLOCK) }
                    (self.fd, temporary) = (fd, nil)
                    return
                }
                guard kind == S_IFREG else {
                    throw Failure(.notRegularFile, "\(path): exists and is not a regular file; not replacing it")
                }
                guard existing == .replace else {
                    throw Failure(
                        .exists,
                        "\(path) exists; not replacing it" + (existing == .refuse ? " (--force replaces it)" : ""))
                }
            }
            (fd, temporary) = try DurableFile.temporary(for: path, mode: mode)
        }

        /// Written directly (a device, a FIFO, standard output): nothing to commit, and a
        /// failure part-way cannot be taken back.
        public var isDirect: Bool { temporary == nil }

        /// Standard output (`-o -`): written directly, never closed.
        public init(standardOutput: ()) {
            (fd, path, temporary, existing) = (1, "-", nil, .replace)
        }

        /// Writes all of `bytes`.
        public func write(_ bytes: [UInt8]) throws {
            if let failed = writeAll(fd, bytes) {
                throw Failure(.io, "\(path): write failed: \(String(cString: strerror(failed)))")
            }
        }

        /// Makes the output final: fsync and put the temporary file in place (a direct target
        /// is only closed). Either way the descriptor is closed afterwards.
        public func commit() throws {
            guard !done else { return }
            done = true
            guard let temporary else {
                if fd != 1 { close(fd) }
                return
            }
            let synced = fsync(fd) == 0 ? nil : errno
            close(fd)
            if let synced {
                unlink(temporary)
                throw Failure(.io, "\(path): write failed: \(String(cString: strerror(synced)))")
            }
            try DurableFile.commit(temporary, to: path, existing: existing)
        }

        /// Gives the output up: the temporary file is removed (what went to a device or
        /// standard output is out of reach).
        public func abandon() {
            guard !done else { return }
            done = true
            if fd != 1 { close(fd) }
            if let temporary { unlink(temporary) }
        }

        deinit { abandon() }
    }

    /// write(2) until every byte is written (retrying EINTR): nil, or the errno it failed with.
    /// The one write loop for files, the access log and the CLI's standard streams.
    public static func writeAll(_ fd: Int32, _ bytes: [UInt8]) -> Int32? {
        var done = 0
        while done < bytes.count {
            let n = bytes.withUnsafeBytes { Glibc.write(fd, $0.baseAddress! + done, $0.count - done) }
            if n > 0 {
                done += n
            } else if n < 0 && errno == EINTR {
                continue
            } else {
                return n == 0 ? EIO : errno
            }
        }
        return nil
    }

    /// A new, empty temporary file next to `path`, open for writing, with permissions `mode`
    /// from creation. The caller writes it, fsyncs and closes it, then calls ``commit(_:to:existing:)``
    /// (or unlinks it).
    public static func temporary(for path: String, mode: mode_t) throws -> (fd: Int32, path: String) {
        let (directory, name) = split(path)
        for _ in 0..<8 {
            let tmp = directory + "/." + name + ".tmp-" + String(UInt64.random(in: 0...UInt64.max), radix: 36)
            let fd = open(tmp, O_WRONLY | O_CREAT | O_EXCL | O_NOFOLLOW | O_CLOEXEC, mode)
            if fd >= 0 {
                // The umask may have narrowed `mode`; the file gets exactly `mode`.
                guard fchmod(fd, mode) == 0 else {
                    close(fd)
                    unlink(tmp)
                    throw Failure(.io, "\(tmp): cannot set its permissions: \(String(cString: strerror(errno)))")
                }
                return (fd, tmp)
            }
            if errno != EEXIST {
                throw Failure(.io, "\(path): cannot create a file next to it: \(String(cString: strerror(errno)))")
            }
        }
        throw Failure(.io, "\(path): cannot create a temporary file next to it")
    }

    /// Puts a written, fsync'd temporary file (from ``temporary(for:mode:)``) in place as `path`
    /// and fsyncs the directory. The temporary file is gone afterwards, whatever happens.
    public static func commit(_ tmp: String, to path: String, existing: Existing) throws {
        var st = stat()
        if lstat(path, &st) == 0, st.st_mode & S_IFMT != S_IFREG {
            unlink(tmp)
            throw Failure(.notRegularFile, "\(path): exists and is not a regular file; not replacing it")
        }
        switch existing {
        case .replace:
            guard rename(tmp, path) == 0 else {
                let e = errno
                unlink(tmp)
                throw Failure(.io, "\(path): cannot put it in place: \(String(cString: strerror(e)))")
            }
        case .refuse, .create:
            let linked = link(tmp, path) == 0
            let e = errno
            unlink(tmp)
            guard linked else {
                if e == EEXIST { throw Failure(.exists, "\(path) exists; not replacing it") }
                throw Failure(.io, "\(path): cannot put it in place: \(String(cString: strerror(e)))")
            }
        }
        syncDirectory(of: path)
    }

    /// A new private directory (mkdtemp: a fresh random name, mode 0700, created by us and
    /// no one else) in `directory`, for staging; never an existing one someone else made.
    public static func privateDirectory(in directory: String, prefix: String) throws -> String {
        var template = Array((directory + "/" + prefix + "XXXXXX").utf8CString)
        guard let made = mkdtemp(&template) else {
            throw Failure(.io, "\(directory): cannot create a private directory: \(String(cString: strerror(errno)))")
        }
        return String(cString: made)
    }

    /// fsyncs the directory holding `path`, so a rename or link in it is durable.
    public static func syncDirectory(of path: String) {
        let fd = open(split(path).directory, O_RDONLY | O_DIRECTORY | O_CLOEXEC)
        if fd >= 0 {
            _ = fsync(fd)
            close(fd)
        }
    }

    static func split(_ path: String) -> (directory: String, name: String) {
        guard let slash = path.lastIndex(of: "/") else { return (".", path) }
        let directory = String(path[..<slash])
        return (directory.isEmpty ? "/" : directory, String(path[path.index(after: slash)...]))
    }
}

extension ErrorCode where Owner == DurableFile {
    public static let io = Self("io")
    public static let exists = Self("exists")
    public static let notRegularFile = Self("not-a-regular-file")
}
