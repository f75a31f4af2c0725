import Foundation
import Glibc

/// Why a file could not be read or written: its path and a reason a person understands.
public struct FileError: Error, Sendable, CustomStringConvertible {
    public var path: String
    public var reason: String
    public var description: String { "\(path): \(reason)" }

    public init(path: String, reason: String) {
        self.path = path
        self.reason = reason
    }

    init(path: String, errno code: Int32) {
        self.init(path: path, reason: FileAccess.describe(errno: code))
    }
}

/// Reading outside files and writing the outputs users name, without ever blocking on a FIFO,
/// following a symlink loop, or replacing what is not a regular file.
public enum FileAccess {
    /// The largest file read: corpus entries and stats files are far smaller.
    public static let readLimit = 64 << 20

    /// The contents of a regular file (symlinks followed) of at most `readLimit` bytes. A
    /// directory, FIFO, device or socket is refused by name, without reading from it.
    public static func readRegularFile(_ path: String) throws(FileError) -> Data {
        let descriptor = open(path, O_RDONLY | O_NONBLOCK | O_CLOEXEC)
        guard descriptor >= 0 else { throw FileError(path: path, errno: errno) }
        defer { close(descriptor) }
        var status = stat()
        guard fstat(descriptor, &status) == 0 else { throw FileError(path: path, errno: errno) }
        guard status.st_mode & S_IFMT == S_IFREG else { throw FileError(path: path, reason: "is \(kind(of: status.st_mode)), not a regular file") }
        var data = Data()
        var buffer = [UInt8](repeating: 0, count: 1 << 16)
        while true {
            let count = buffer.withUnsafeMutableBytes { read(descriptor, $0.baseAddress, $0.count) }
            if count < 0 {
                if errno == EINTR { continue }
                throw FileError(path: path, errno: errno)
            }
            if count == 0 { return data }
            data.append(contentsOf: buffer[..<count])
            guard data.count <= readLimit else { throw FileError(path: path, reason: "is larger than \(readLimit >> 20) MiB") }
        }
    }

    /// Writes an output the user named. A new path or a regular file is replaced atomically
    /// (temporary file, fsync, rename); a symlink is followed to what it names; a character
    /// device or a FIFO is written through, never replaced; anything else is refused.
    public static func writeOutput(_ data: Data, to path: String) throws(FileError) {
        var status = stat()
        guard lstat(path, &status) == 0 else {
            guard errno == ENOENT else { throw FileError(path: path, errno: errno) }
            try writeAtomically([(data, path)])
            return
        }
        switch status.st_mode & S_IFMT {
        case S_IFREG:
            try writeAtomically([(data, path)])
        case S_IFLNK:
            guard let resolved = realpath(path, nil) else {
                throw FileError(path: path, reason: errno == ENOENT ? "is a symbolic link to a missing file" : describe(errno: errno))
            }
            defer { free(resolved) }
            try writeOutput(data, to: String(cString: resolved))
        case S_IFCHR, S_IFIFO:
            let descriptor = open(path, O_WRONLY | O_CLOEXEC | O_NOFOLLOW)
            guard descriptor >= 0 else { throw FileError(path: path, errno: errno) }
            defer { close(descriptor) }
            try writeAll(data, to: descriptor, path: path)
        default:
            throw FileError(path: path, reason: "is \(kind(of: status.st_mode)); refusing to write to it")
        }
    }

    /// Checks, without writing, that `writeOutput` could write `path`: its directory exists and
    /// the path is not a directory, a block device, a socket or a broken symbolic link.
    public static func checkOutput(_ path: String) throws(FileError) {
        var status = stat()
        if stat(path, &status) == 0 {
            switch status.st_mode & S_IFMT {
            case S_IFREG, S_IFCHR, S_IFIFO: return
            default: throw FileError(path: path, reason: "is \(kind(of: status.st_mode)); refusing to write to it")
            }
        }
        guard errno == ENOENT else { throw FileError(path: path, errno: errno) }
        guard lstat(path, &status) != 0 else { throw FileError(path: path, reason: "is a symbolic link to a missing file") }
        let directory = split(path).directory
        guard stat(directory, &status) == 0, status.st_mode & S_IFMT == S_IFDIR else {
            throw FileError(path: path, reason: "its directory \(directory) does not exist")
        }
    }

    /// Several files atomically: every temporary file (`.tmp-PID-RANDOM-NAME` beside its target)
    /// is written and synced first, then each is renamed over its target, and each directory is
    /// synced once.
    public static func writeAtomically(_ files: [(data: Data, path: String)]) throws(FileError) {
        var temporaries: [(temporary: String, target: String)] = []
        defer { for (temporary, _) in temporaries { unlink(temporary) } }
        for (data, target) in files {
            let (directory, name) = split(target)
            let temporary = directory + "/" + temporaryPrefix + "\(getpid())-\(UInt64.random(in: 0...UInt64.max))-" + name
            let descriptor = open(temporary, O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0o644)
            guard descriptor >= 0 else { throw FileError(path: target, reason: "cannot be written: " + describe(errno: errno)) }
            temporaries.append((temporary, target))
            defer { close(descriptor) }
            try writeAll(data, to: descriptor, path: target)
            guard fsync(descriptor) == 0 else { throw FileError(path: target, reason: "cannot be written: " + describe(errno: errno)) }
        }
        while let (temporary, target) = temporaries.first {
            guard rename(temporary, target) == 0 else { throw FileError(path: target, reason: "cannot be written: " + describe(errno: errno)) }
            temporaries.removeFirst()
        }
        for directory in Set(files.map { split($0.path).directory }) {
            let descriptor = open(directory, O_RDONLY | O_DIRECTORY | O_CLOEXEC)
            if descriptor >= 0 {
                fsync(descriptor)
                close(descriptor)
            }
        }
    }

    /// The start of every temporary file name this program writes.
    public static let temporaryPrefix = ".tmp-"

    /// True for a regular file named as `writeAtomically` names its temporaries, whose writer
    /// process no longer exists: a SIGKILL between write and rename leaves one.
    public static func isAbandonedTemporary(_ name: String, in directory: String) -> Bool {
        let parts = name.dropFirst(temporaryPrefix.count).split(separator: "-", maxSplits: 2)
        guard name.hasPrefix(temporaryPrefix), parts.count == 3, let pid = Int32(parts[0]), UInt64(parts[1]) != nil else { return false }
        var status = stat()
        guard lstat(directory + "/" + name, &status) == 0, status.st_mode & S_IFMT == S_IFREG else { return false }
        return kill(pid, 0) != 0 && errno == ESRCH
    }

    /// Creates `path` as a directory (and its parents) unless it is one already.
    public static func ensureDirectory(_ path: String) throws(FileError) {
        var status = stat()
        if stat(path, &status) == 0 {
            guard status.st_mode & S_IFMT == S_IFDIR else { throw FileError(path: path, reason: "is \(kind(of: status.st_mode)), not a directory") }
            return
        }
        guard errno == ENOENT else { throw FileError(path: path, errno: errno) }
        let parent = split(path).directory
        if parent != path, parent != "." { try ensureDirectory(parent) }
        guard mkdir(path, 0o755) == 0 || errno == EEXIST else { throw FileError(path: path, reason: "cannot be created: " + describe(errno: errno)) }
    }

    /// The names in a directory, without `.` and `..`.
    public static func names(in directory: String) throws(FileError) -> [String] {
        guard let handle = opendir(directory) else { throw FileError(path: directory, errno: errno) }
        defer { closedir(handle) }
        var names: [String] = []
        while let entry = readdir(handle) {
            let name = withUnsafeBytes(of: entry.pointee.d_name) { String(cString: $0.bindMemory(to: CChar.self).baseAddress!) }
            if name != ".", name != ".." { names.append(name) }
        }
        return names
    }

    private static func writeAll(_ data: Data, to descriptor: Int32, path: String) throws(FileError) {
        let failure: Int32 = data.withUnsafeBytes { raw in
            var offset = 0
            while offset < raw.count {
                let written = write(descriptor, raw.baseAddress! + offset, raw.count - offset)
                if written < 0 {
                    if errno == EINTR { continue }
                    return errno
                }
                offset += written
            }
            return 0
        }
        guard failure == 0 else { throw FileError(path: path, reason: "cannot be written: " + describe(errno: failure)) }
    }

    private static func split(_ path: String) -> (directory: String, name: String) {
        guard let slash = path.lastIndex(of: "/") else { return (".", path) }
        let directory = String(path[..<slash])
        return (directory.isEmpty ? "/" : directory, String(path[path.index(after: slash)...]))
    }

    static func kind(of mode: mode_t) -> String {
        switch mode & S_IFMT {
        case S_IFDIR: "a directory"
        case S_IFIFO: "a FIFO"
        case S_IFCHR: "a character device"
        case S_IFBLK: "a block device"
        case S_IFSOCK: "a socket"
        case S_IFLNK: "a symbolic link"
        default: "not a regular file"
        }
    }

    /// What an errno means, in the words the messages use.
    public static func describe(errno code: Int32) -> String {
        switch code {
        case ENOENT: "does not exist"
        case ELOOP: "is a symbolic link loop (or a chain of more than 40 links)"
        case EISDIR: "is a directory"
        case ENOTDIR: "has a part of its path that is not a directory"
        case EACCES, EPERM: "permission denied"
        default: String(cString: strerror(code))
        }
    }
}
