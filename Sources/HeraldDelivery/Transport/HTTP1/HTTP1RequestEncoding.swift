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
    static func encode(_ request: DeliveryRequest, target: HTTP1Target, allocator: ByteBufferAllocator) -> ByteBuffer? {
        guard !request.method.isEmpty, request.method.utf8.allSatisfy(isTokenByte) else { return nil }
        var capacity = request.method.utf8.count + target.requestTarget.utf8.count + target.hostHeader.utf8.count + request.body.count + 64
        var hasHost = false
        for field in request.headers {
            guard !field.name.isEmpty, field.name.utf8.allSatisfy(isTokenByte), field.value.utf8.allSatisfy(isValueByte) else { return nil }
            capacity += field.name.utf8.count + field.value.utf8.count + 4
            if !hasHost, HTTPFields.namesMatch(field.name, "host") { hasHost = true }
        }
        var buffer = allocator.buffer(capacity: capacity)
        buffer.writeString(request.method)
        buffer.writeInteger(UInt8(ascii: " "))
        buffer.writeSubstring(target.requestTarget)
        buffer.writeStaticString(" HTTP/1.1\r\n")
        if !hasHost {
            buffer.writeStaticString("Host: ")
            buffer.writeString(target.hostHeader)
            buffer.writeStaticString("\r\n")
        }
        for field in request.headers {
            if HTTPFields.namesMatch(field.name, "content-length") || HTTPFields.namesMatch(field.name, "transfer-encoding") { continue }
            buffer.writeString(field.name)
            buffer.writeStaticString(": ")
            buffer.writeString(field.value)
            buffer.writeStaticString("\r\n")
        }
        if !request.body.isEmpty || request.method == "POST" || request.method == "PUT" || request.method == "PATCH" {
            buffer.writeStaticString("Content-Length: ")
            buffer.writeString(String(request.body.count))
            buffer.writeStaticString("\r\n")
        }
        buffer.writeStaticString("\r\n")
        buffer.writeBytes(request.body)
        return buffer
    }

    /// RFC 9110 `tchar`.
    private static func isTokenByte(_ byte: UInt8) -> Bool {
        switch byte {
        case UInt8(ascii: "a")...UInt8(ascii: "z"), UInt8(ascii: "A")...UInt8(ascii: "Z"), UInt8(ascii: "0")...UInt8(ascii: "9"):
            return true
        case UInt8(ascii: "!"), UInt8(ascii: "#"), UInt8(ascii: "$"), UInt8(ascii: "%"), UInt8(ascii: "&"), UInt8(ascii: "'"),
            UInt8(ascii: "*"), UInt8(ascii: "+"), UInt8(ascii: "-"), UInt8(ascii: "."), UInt8(ascii: "^"), UInt8(ascii: "_"),
            UInt8(ascii: "`"), UInt8(ascii: "|"), UInt8(ascii: "~"):
            return true
        default:
            return false
        }
    }

    /// A field-value byte: visible ASCII, space, tab or obs-text (no CR, LF, NUL or other controls).
    private static func isValueByte(_ byte: UInt8) -> Bool {
        byte == 0x09 || (byte >= 0x20 && byte != 0x7F)
    }
}
