import CFastCGI

#if canImport(Glibc)
import Glibc
private let streamSocketType = Int32(SOCK_STREAM.rawValue)
#elseif canImport(Darwin)
import Darwin
private let streamSocketType = SOCK_STREAM
#endif

/// Where the responder takes connections from nginx.
public enum Listener: Sendable {
    /// A unix socket file; `permissions` decide which local users (nginx among them) may connect.
    case unixSocket(path: String, permissions: mode_t)
    /// A TCP address, such as `127.0.0.1:9000`.
    case tcp(host: String, port: UInt16)
    /// The listening socket a supervisor (spawn-fcgi, systemd with `StandardInput=socket`) put on fd 0.
    case inherited

    /// Parses `HOST:PORT` (`[::1]:9000` for IPv6).
    public init?(tcpAddress: String) {
        guard let colon = tcpAddress.lastIndex(of: ":"), let port = UInt16(tcpAddress[tcpAddress.index(after: colon)...]),
            port > 0
        else { return nil }
        var host = tcpAddress[..<colon]
        if host.hasPrefix("["), host.hasSuffix("]") { host = host.dropFirst().dropLast() }
        guard !host.isEmpty else { return nil }
        self = .tcp(host: String(host), port: port)
    }

    public func open() throws(FastCGIError) -> ListeningSocket {
        switch self {
        case .unixSocket(let path, let permissions): try Self.openUnixSocket(path: path, permissions: permissions)
        case .tcp(let host, let port): try Self.openTCP(host: host, port: port)
        case .inherited: try Self.inheritedSocket()
        }
    }
}

/// An open listening socket. `close()` also removes the socket file this process created.
public struct ListeningSocket: Sendable, CustomStringConvertible {
    public let fd: Int32
    public let description: String
    let socketFile: SocketFile?

    /// The file of a unix socket, identified by inode so a newer server's socket at the same path is left alone.
    struct SocketFile: Sendable {
        let path: String
        let inode: ino_t
    }

    public func close() {
        if let socketFile, fileInode(socketFile.path) == socketFile.inode {
            unlink(socketFile.path)
        }
        closeDescriptor(fd)
    }
}

// MARK: - Unix socket

extension Listener {
    private static func openUnixSocket(path: String, permissions: mode_t) throws(FastCGIError) -> ListeningSocket {
        var address = try unixAddress(path)
        try removeStaleSocket(at: path, address: &address)
        let fd = socket(AF_UNIX, streamSocketType, 0)
        guard fd >= 0 else { throw .system("cannot create a unix socket") }
        let bound = withSocketAddress(&address) { bind(fd, $0, $1) } == 0
        guard bound, chmod(path, permissions) == 0, listen(fd, SOMAXCONN) == 0 else {
            let failure = FastCGIError.system("cannot listen on \(path)")
            closeDescriptor(fd)
            throw failure
        }
        return ListeningSocket(
            fd: fd, description: "unix:\(path)",
            socketFile: fileInode(path).map { ListeningSocket.SocketFile(path: path, inode: $0) })
    }

    private static func unixAddress(_ path: String) throws(FastCGIError) -> sockaddr_un {
        var address = sockaddr_un()
        address.sun_family = sa_family_t(AF_UNIX)
        let capacity = MemoryLayout.size(ofValue: address.sun_path)
        guard !path.isEmpty, path.utf8.count < capacity else {
            throw FastCGIError("a unix socket path must be 1 to \(capacity - 1) bytes long: \(path)")
        }
        withUnsafeMutableBytes(of: &address.sun_path) { $0.copyBytes(from: path.utf8) }
        return address
    }

    /// A socket file left by a process that died would make `bind` fail; a live server's socket
    /// or a file that is not a socket is never removed.
    private static func removeStaleSocket(at path: String, address: inout sockaddr_un) throws(FastCGIError) {
        var info = stat()
        guard lstat(path, &info) == 0 else { return }
        guard info.st_mode & S_IFMT == S_IFSOCK else {
            throw FastCGIError("\(path) exists and is not a socket; not replacing it")
        }
        guard !acceptsConnections(&address) else {
            throw FastCGIError("another process is already serving on \(path)")
        }
        unlink(path)
    }

    private static func acceptsConnections(_ address: inout sockaddr_un) -> Bool {
        let probe = socket(AF_UNIX, streamSocketType, 0)
        defer { closeDescriptor(probe) }
        return withSocketAddress(&address) { connect(probe, $0, $1) } == 0
    }
}

// MARK: - TCP and inherited

extension Listener {
    private static func openTCP(host: String, port: UInt16) throws(FastCGIError) -> ListeningSocket {
        var hints = addrinfo()
        hints.ai_flags = AI_PASSIVE | AI_NUMERICSERV
        hints.ai_socktype = streamSocketType
        var results: UnsafeMutablePointer<addrinfo>?
        let status = getaddrinfo(host, String(port), &hints, &results)
        guard status == 0, let address = results?.pointee else {
            throw FastCGIError("cannot resolve \(host): \(String(cString: gai_strerror(status)))")
        }
        defer { freeaddrinfo(results) }
        let fd = socket(address.ai_family, address.ai_socktype, address.ai_protocol)
        guard fd >= 0 else { throw .system("cannot create a TCP socket") }
        // A restart must not wait for the old connections' TIME_WAIT to pass.
        var reuse: Int32 = 1
        setsockopt(fd, SOL_SOCKET, SO_REUSEADDR, &reuse, socklen_t(MemoryLayout<Int32>.size))
        guard bind(fd, address.ai_addr, address.ai_addrlen) == 0, listen(fd, SOMAXCONN) == 0 else {
            let failure = FastCGIError.system("cannot listen on \(host):\(port)")
            closeDescriptor(fd)
            throw failure
        }
        return ListeningSocket(fd: fd, description: "tcp:\(host):\(port)", socketFile: nil)
    }

    private static func inheritedSocket() throws(FastCGIError) -> ListeningSocket {
        // libfcgi's test: fd 0 is a socket with no peer, i.e. a listening socket handed over.
        guard FCGX_IsCGI() == 0 else {
            throw FastCGIError(
                "fd 0 is not a listening socket: start under spawn-fcgi or systemd (StandardInput=socket), "
                    + "or give a socket path or TCP address")
        }
        return ListeningSocket(fd: 0, description: "inherited fd 0", socketFile: nil)
    }
}

// MARK: - Helpers

private func withSocketAddress<Address, Result>(
    _ address: inout Address, _ body: (UnsafePointer<sockaddr>, socklen_t) -> Result
) -> Result {
    withUnsafePointer(to: &address) {
        $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { body($0, socklen_t(MemoryLayout<Address>.size)) }
    }
}

private func fileInode(_ path: String) -> ino_t? {
    var info = stat()
    return lstat(path, &info) == 0 ? info.st_ino : nil
}

/// `close(2)`, callable from types that have a `close()` of their own.
func closeDescriptor(_ fd: Int32) {
    _ = close(fd)
}
