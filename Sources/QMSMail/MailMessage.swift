import Foundation

/// A mailbox: an address and, when known, the name shown beside it.
public struct MailAddress: Sendable, Hashable {
    /// `local@domain`, ASCII only (the SMTP servers a commission runs need not speak SMTPUTF8).
    public let address: String
    public let name: String?

    /// Creates a mailbox, refusing an address that is not `local@domain` in printable ASCII or that
    /// carries characters able to break out of an SMTP command or a header (`<`, `>`, spaces, line ends).
    public init(_ address: String, name: String? = nil) throws(MailError) {
        let parts = address.split(separator: "@", omittingEmptySubsequences: false)
        let allowed = address.unicodeScalars.allSatisfy {
            $0.isASCII && $0.value > 32 && $0.value < 127 && !"<>()[]\\,;:\"".unicodeScalars.contains($0)
        }
        guard parts.count == 2, !parts[0].isEmpty, parts[1].contains("."), !parts[1].hasSuffix("."), allowed else {
            throw .invalidAddress(address)
        }
        self.address = address
        self.name = name?.replacingOccurrences(of: "\r", with: " ").replacingOccurrences(of: "\n", with: " ")
    }

    /// The mailbox as a header writes it: the name as an RFC 2047 word when it is not plain ASCII.
    var header: String {
        guard let name, !name.isEmpty else { return "<\(address)>" }
        return "\(MIME.phrase(name)) <\(address)>"
    }
}

/// One message: a subject, a plain-text part and an HTML part, in one language.
public struct MailMessage: Sendable, Hashable {
    public var from: MailAddress
    public var to: [MailAddress]
    public var subject: String
    public var text: String
    public var html: String
    /// The language of both parts, as a BCP 47 tag (`ar`, `fr-FR`): `Content-Language`.
    public var language: String
    /// More headers, such as `List-Unsubscribe`; names are checked, values lose line breaks.
    public var headers: [(name: String, value: String)]

    /// Creates a message.
    public init(
        from: MailAddress, to: [MailAddress], subject: String, text: String, html: String, language: String,
        headers: [(name: String, value: String)] = []
    ) {
        self.from = from
        self.to = to
        self.subject = subject
        self.text = text
        self.html = html
        self.language = language
        self.headers = headers
    }

    public static func == (lhs: MailMessage, rhs: MailMessage) -> Bool {
        lhs.from == rhs.from && lhs.to == rhs.to && lhs.subject == rhs.subject && lhs.text == rhs.text
            && lhs.html == rhs.html && lhs.language == rhs.language
            && lhs.headers.map(\.name) == rhs.headers.map(\.name)
            && lhs.headers.map(\.value) == rhs.headers.map(\.value)
    }

    public func hash(into hasher: inout Hasher) {
        hasher.combine(from)
        hasher.combine(to)
        hasher.combine(subject)
        hasher.combine(text)
    }

    /// The message as RFC 5322 text with CRLF line ends: `multipart/alternative`, each part UTF-8 in
    /// base64 (so that no line of the body is long or starts with a dot). `id` is the left side of
    /// the `Message-ID` and `boundary` the MIME boundary, given so that a message can be rebuilt
    /// byte for byte; `date` is the `Date` header.
    public func rendered(date: Date, id: String, boundary: String) throws(MailError) -> String {
        for header in headers {
            let valid =
                !header.name.isEmpty
                && header.name.unicodeScalars.allSatisfy { $0.isASCII && $0.value > 32 && $0.value < 127 && $0 != ":" }
            guard valid else { throw .invalidHeader(header.name) }
        }
        guard !to.isEmpty else { throw .noRecipient }
        var lines = [
            "Date: \(MIME.date(date))",
            "From: \(from.header)",
            "To: \(to.map(\.header).joined(separator: ", "))",
            "Subject: \(MIME.encodedWords(subject))",
            "Message-ID: <\(id)@\(from.address.split(separator: "@").last.map(String.init) ?? "localhost")>",
            "MIME-Version: 1.0",
            "Content-Language: \(language)",
            // RFC 3834: a reminder is sent by a program; autoresponders should not answer it.
            "Auto-Submitted: auto-generated",
        ]
        for header in headers {
            let value = header.value.replacingOccurrences(of: "\r", with: " ").replacingOccurrences(of: "\n", with: " ")
            lines.append("\(header.name): \(value)")
        }
        lines += [
            "Content-Type: multipart/alternative; boundary=\"\(boundary)\"",
            "",
            "--\(boundary)",
            "Content-Type: text/plain; charset=utf-8",
            "Content-Transfer-Encoding: base64",
            "",
            MIME.base64(text),
            "--\(boundary)",
            "Content-Type: text/html; charset=utf-8",
            "Content-Transfer-Encoding: base64",
            "",
            MIME.base64(html),
            "--\(boundary)--",
            "",
        ]
        return lines.joined(separator: "\r\n")
    }
}

/// The encodings of RFC 2045–2047 and RFC 5322 that a message needs.
enum MIME {
    /// `Mon, 07 Dec 2026 08:30:00 +0000`.
    static func date(_ date: Date) -> String {
        let formatter = DateFormatter()
        formatter.locale = Locale(identifier: "en_US_POSIX")
        formatter.timeZone = TimeZone(identifier: "UTC")
        formatter.dateFormat = "EEE, dd MMM yyyy HH:mm:ss Z"
        return formatter.string(from: date)
    }

    /// UTF-8 text in base64, 76 characters a line.
    static func base64(_ text: String) -> String {
        Data(text.utf8).base64EncodedString(options: [
            .lineLength76Characters, .endLineWithCarriageReturn, .endLineWithLineFeed,
        ])
    }

    /// A display name: as it is when it is plain ASCII letters, digits and spaces, else encoded words.
    static func phrase(_ text: String) -> String {
        let plain = text.unicodeScalars.allSatisfy {
            $0.isASCII && (CharacterSet.alphanumerics.contains($0) || $0 == " " || $0 == "." || $0 == "-")
        }
        return plain ? text : encodedWords(text)
    }

    /// Header text: as it is when it is printable ASCII, else RFC 2047 `=?UTF-8?B?…?=` words of at
    /// most 75 characters, folded onto continuation lines, each word holding whole characters.
    static func encodedWords(_ text: String) -> String {
        let single = text.replacingOccurrences(of: "\r", with: " ").replacingOccurrences(of: "\n", with: " ")
        if single.unicodeScalars.allSatisfy({ $0.isASCII && $0.value >= 32 && $0.value < 127 }),
            single.utf8.count <= 900
        {
            return single
        }
        // 39 bytes of UTF-8 become 52 characters of base64; with "=?UTF-8?B?" and "?=", 64, which
        // leaves room for the header's name on the first line (RFC 5322's 78 characters).
        var words: [String] = []
        var chunk: [UInt8] = []
        for character in single {
            let bytes = Array(String(character).utf8)
            if chunk.count + bytes.count > 39, !chunk.isEmpty {
                words.append("=?UTF-8?B?\(Data(chunk).base64EncodedString())?=")
                chunk = []
            }
            chunk += bytes
        }
        if !chunk.isEmpty { words.append("=?UTF-8?B?\(Data(chunk).base64EncodedString())?=") }
        return words.joined(separator: "\r\n ")
    }
}
