import NIOCore

/// Encodes a ``DeliveryRequest`` as HTTP/1.1 bytes — request line, headers and body — into one `ByteBuffer`, so a
/// request is a single socket write and no `HTTPHeaders` value is built per request.
///
/// `Host` is added unless the request has one; `Content-Length` is always computed from the body (a caller's
/// `Content-Length` or `Transfer-Encoding` is dropped); it is sent for a non-empty body and for `POST`, `PUT` and
/// `PATCH` (as AsyncHTTPClient does).
enum HTTP1RequestEncoding {
    /// Encodes `request` for `target`, or returns `nil` when the method or a header cannot be sent as is (a
    /// control character, CR or LF in a value, or a name that is not an HTTP token).
    ///
    /// The bytes are copied and checked in one pass, straight into the buffer's memory (one capacity check and no
    /// per-piece bookkeeping: this runs for every delivery).
    static func encode(_ request: DeliveryRequest, target: HTTP1Target, allocator: ByteBufferAllocator) -> ByteBuffer? {
        guard !request.method.isEmpty else { return nil }
        let sendsLength = !request.body.isEmpty || request.method == "POST" || request.method == "PUT" || request.method == "PATCH"
        let length = sendsLength ? String(request.body.count) : ""
        var capacity = request.method.utf8.count + target.requestTarget.utf8.count + target.hostHeader.utf8.count + request.body.count + 64
        var hasHost = false
        for field in request.headers {
            capacity += field.name.utf8.count + field.value.utf8.count + 4
            if !hasHost, HTTPFields.namesMatch(field.name, "host") { hasHost = true }
        }
        var buffer = allocator.buffer(capacity: capacity)
        var valid = true
        buffer.writeWithUnsafeMutableBytes(minimumWritableBytes: capacity) { memory in
            var out = Writer(memory)
            valid = out.write(request.method, check: HTTP1Syntax.isTokenByte)
            out.write(" ")
            out.write(target.requestTarget)
            out.write(" HTTP/1.1\r\n")
            if !hasHost {
                out.write("Host: ")
                out.write(target.hostHeader)
                out.write("\r\n")
            }
            for field in request.headers where valid {
                if HTTPFields.namesMatch(field.name, "content-length") || HTTPFields.namesMatch(field.name, "transfer-encoding") { continue }
                valid = !field.name.isEmpty && out.write(field.name, check: HTTP1Syntax.isTokenByte)
                out.write(": ")
                valid = valid && out.write(field.value, check: HTTP1Syntax.isValueByte)
                out.write("\r\n")
            }
            if sendsLength {
                out.write("Content-Length: ")
                out.write(length)
                out.write("\r\n")
            }
            out.write("\r\n")
            return out.offset
        }
        guard valid else { return nil }
        buffer.writeBytes(request.body)
        return buffer
    }

    /// Copies text into a buffer's memory sized for all of it (the caller counted the bytes).
    private struct Writer {
        let memory: UnsafeMutableRawBufferPointer
        var offset = 0

        init(_ memory: UnsafeMutableRawBufferPointer) {
            self.memory = memory
        }

        mutating func write(_ text: StaticString) {
            text.withUTF8Buffer { copy($0) }
        }

        mutating func write(_ text: String) {
            var text = text
            text.withUTF8 { copy($0) }
        }

        mutating func write(_ text: Substring) {
            var text = text
            text.withUTF8 { copy($0) }
        }

        /// Copies `text`, returning whether every byte passes `check` (all of it is copied either way).
        mutating func write(_ text: String, check: (UInt8) -> Bool) -> Bool {
            var text = text
            return text.withUTF8 { bytes in
                var valid = true
                for byte in bytes where !check(byte) { valid = false }
                copy(bytes)
                return valid
            }
        }

        private mutating func copy(_ bytes: UnsafeBufferPointer<UInt8>) {
            precondition(bytes.count <= memory.count - offset, "HTTP/1 request larger than counted")
            guard let base = bytes.baseAddress, !bytes.isEmpty else { return }
            (memory.baseAddress! + offset).copyMemory(from: base, byteCount: bytes.count)
            offset += bytes.count
        }
    }
}
