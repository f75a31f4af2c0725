import Glibc

/// A failed system call: which call, and the errno it left.
public struct SystemError: Error, Equatable, CustomStringConvertible {
    public var call: String
    public var errno: Int32

    /// The errno's text, such as "No such file or directory".
    public var reason: String { String(cString: strerror(errno)) }

    public var description: String { "\(call): \(reason)" }
}

/// The one funnel for every system call the sandbox makes: runs `body`, and turns a negative
/// result into a `SystemError` that keeps errno and names the call.
@inline(__always)
func systemCall(_ call: @autoclosure () -> String, _ body: () -> Int32) throws(SystemError) -> Int32 {
    let result = body()
    if result < 0 { throw SystemError(call: call(), errno: Glibc.errno) }
    return result
}

/// An owned file descriptor, closed when the owner goes away.
final class OwnedDescriptor {
    let raw: Int32
    init(_ raw: Int32) { self.raw = raw }
    deinit { close(raw) }

    /// `ioctl(fd, request, argument)`, through the funnel.
    @discardableResult
    func control(_ name: StaticString, _ request: UInt, _ argument: UnsafeMutableRawPointer) throws(SystemError) -> Int32 {
        try systemCall("ioctl(\(name))") { ioctl(raw, request, argument) }
    }

    /// `ioctl(fd, request, value)` for requests that take an integer.
    @discardableResult
    func control(_ name: StaticString, _ request: UInt, value: Int32 = 0) throws(SystemError) -> Int32 {
        try systemCall("ioctl(\(name))") { ioctl(raw, request, value) }
    }
}

/// An owned shared mapping, unmapped when the owner goes away.
final class OwnedMapping {
    let base: UnsafeMutableRawPointer
    let size: Int

    /// Maps `size` bytes of `descriptor` (or anonymous memory when nil), shared and read/write.
    init(size: Int, descriptor: Int32?) throws(SystemError) {
        let flags = descriptor == nil ? MAP_SHARED | MAP_ANONYMOUS : MAP_SHARED
        guard let pointer = mmap(nil, size, PROT_READ | PROT_WRITE, flags, descriptor ?? -1, 0),
              pointer != MAP_FAILED else {
            throw SystemError(call: "mmap", errno: Glibc.errno)
        }
        base = pointer
        self.size = size
    }

    deinit { munmap(base, size) }
}
