import Foundation
import QMSPresentation

/// What a rejected submission carries back to its form: the values the reader typed, the field
/// at fault and the words for the reader.
struct FormRefill: Sendable {
    /// The `action` of the form that was submitted.
    var action: String
    /// Every value sent, by field name, in the order sent.
    var values: [String: [String]]
    /// The name of the field at fault, when the error names one.
    var field: String?
    /// The value at fault, which tells which of several fields of that name to mark.
    var faultValue: String?
    /// What went wrong, in the page's language.
    var message: String
    /// How to fix it, in the page's language.
    var fix: String?
    /// The heading of the summary above the form.
    var heading: String
    /// The words before the names of files kept from the refused try (`{files}` is replaced).
    var keptFiles = "{files}"
    /// Every problem of a refused file, each with its place, listed under the message.
    var problems: [String] = []

    /// Fills the submitted form of a freshly rendered page with the values sent, marks the field
    /// at fault and puts the message beside it, and a summary at the top of the form. Hidden
    /// fields keep the fresh page's values (a new CSRF token, the current step); file inputs
    /// cannot be refilled by a server and are left alone.
    func apply(to html: String) -> String {
        guard let formTag = Self.formTag(in: html, action: action, values: values) else {
            // The form is not on the page: the message goes at the top of the page instead.
            return Self.insert(summary(linking: nil), after: "<main id=\"main\" tabindex=\"-1\">", in: html)
        }
        let formEnd = html.range(of: "</form>", range: formTag.upperBound..<html.endIndex)?.lowerBound ?? html.endIndex
        var body = String(html[formTag.upperBound..<formEnd])
        // An error names one requirement where the form has a list of them (`requirements`).
        let target = field.map { name in
            body.contains("name=\"\(name)\"") || !body.contains("name=\"\(name)s\"") ? name : name + "s"
        }
        var marked: String?
        var seen: [String: Int] = [:]
        // Of several fields with the name (the picker's), the one that holds the value at fault.
        let faultIndex =
            target.flatMap { name in
                faultValue.flatMap { value in values[name]?.firstIndex { $0.contains(value) } }
            } ?? 0
        var output = ""
        var cursor = body.startIndex
        while let open = body.range(of: "<", range: cursor..<body.endIndex) {
            output += body[cursor..<open.lowerBound]
            guard let close = body.range(of: ">", range: open.upperBound..<body.endIndex) else {
                cursor = open.lowerBound
                break
            }
            var tag = String(body[open.lowerBound..<close.upperBound])
            cursor = close.upperBound
            let name = Self.tagName(tag)
            guard ["input", "textarea", "select"].contains(name), let field = Self.attribute("name", in: tag),
                !field.hasPrefix("_")
            else {
                output += tag
                continue
            }
            let index = seen[field, default: 0]
            seen[field] = index + 1
            let sent = values[field] ?? []
            let atFault = field == target && index == faultIndex && marked == nil
            if atFault {
                marked = Self.attribute("id", in: tag) ?? field
                tag = Self.markInvalid(tag, describedBy: "error-\(field)")
            }
            var trailer = ""
            switch name {
            case "input":
                let type = (Self.attribute("type", in: tag) ?? "text").lowercased()
                switch type {
                case "file":
                    if let token = values["kept_upload"]?.first, let names = values["kept_names"], !names.isEmpty {
                        // The kept file is the upload: the form may go again without choosing one.
                        tag = Self.setFlag("required", false, in: tag)
                        tag +=
                            "<input type=\"hidden\" name=\"kept_upload\" value=\"\(Self.escape(token))\">"
                            + "<span class=\"kept-files\">"
                            + Self.escape(
                                keptFiles.replacingOccurrences(of: "{files}", with: names.joined(separator: ", ")))
                            + "</span>"
                    }
                case "hidden", "submit", "button", "reset", "image", "password": break
                case "checkbox", "radio":
                    let value = Self.attribute("value", in: tag) ?? "on"
                    tag = Self.setFlag("checked", sent.contains(value), in: tag)
                default:
                    if index < sent.count { tag = Self.setAttribute("value", sent[index], in: tag) }
                }
                output += tag
            case "textarea":
                let end = body.range(of: "</textarea>", range: cursor..<body.endIndex)
                output += tag
                if let end {
                    output += index < sent.count ? Self.escape(sent[index]) : String(body[cursor..<end.lowerBound])
                    output += "</textarea>"
                    cursor = end.upperBound
                }
            default:  // select: mark the options sent
                let end = body.range(of: "</select>", range: cursor..<body.endIndex)
                output += tag
                if let end {
                    let options = String(body[cursor..<end.lowerBound])
                    output += sent.isEmpty ? options : Self.selectOptions(options, sent)
                    output += "</select>"
                    cursor = end.upperBound
                }
            }
            if atFault {
                trailer =
                    "<span class=\"field-error\" id=\"error-\(Self.escape(field))\">\(Self.escape(message))</span>"
            }
            output += trailer
        }
        output += body[cursor..<body.endIndex]
        body = output
        return Self.unfold(String(html[html.startIndex..<formTag.lowerBound]))
            + String(html[formTag.lowerBound..<formTag.upperBound]) + summary(linking: marked) + body
            + String(html[formEnd..<html.endIndex])
    }

    /// The page up to a refused form, with the `<details>` the form is folded in (an audit
    /// checklist item's) unfolded, so that the message and the fields show.
    static func unfold(_ before: String) -> String {
        guard let open = before.range(of: "<details", options: .backwards),
            before.range(of: "</details>", range: open.upperBound..<before.endIndex) == nil,
            let close = before.range(of: ">", range: open.upperBound..<before.endIndex)
        else { return before }
        let tag = setFlag("open", true, in: String(before[open.lowerBound..<close.upperBound]))
        return String(before[..<open.lowerBound]) + tag + String(before[close.upperBound...])
    }

    /// The summary above the form: the message (or a link to the field that has it) and the fix.
    func summary(linking target: String?) -> String {
        var text = "<div class=\"error\" role=\"alert\" id=\"form-error\"><strong>\(Self.escape(heading))</strong>"
        if let target {
            text += " <a href=\"#\(Self.escape(target))\">\(Self.escape(message))</a>"
        } else {
            text += " \(Self.escape(message))"
        }
        if let fix, !fix.isEmpty { text += "<br>\(Self.escape(fix))" }
        if !problems.isEmpty {
            text += "<ul class=\"problems\">" + problems.map { "<li>\(Self.escape($0))</li>" }.joined() + "</ul>"
        }
        return text + "</div>"
    }

    /// The submitted form: of the forms posting to this action (a page may hold one per step), the one
    /// whose own hidden fields carry the values sent, else the first.
    static func formTag(in html: String, action: String, values: [String: [String]] = [:]) -> Range<String.Index>? {
        var first: Range<String.Index>?
        var cursor = html.startIndex
        while let open = html.range(of: "<form", range: cursor..<html.endIndex) {
            guard let close = html.range(of: ">", range: open.upperBound..<html.endIndex) else { break }
            let tag = String(html[open.lowerBound..<close.upperBound])
            cursor = close.upperBound
            // A search form (GET) may share its address with the page's form; it is never the one sent.
            guard attribute("action", in: tag) == action, attribute("method", in: tag)?.lowercased() != "get" else {
                continue
            }
            let range = open.lowerBound..<close.upperBound
            if first == nil { first = range }
            let end = html.range(of: "</form>", range: close.upperBound..<html.endIndex)?.lowerBound ?? html.endIndex
            if hiddenFieldsMatch(String(html[close.upperBound..<end]), values) { return range }
        }
        return first
    }

    static func hiddenFieldsMatch(_ form: String, _ values: [String: [String]]) -> Bool {
        var cursor = form.startIndex
        var matched = false
        while let open = form.range(of: "<input", range: cursor..<form.endIndex),
            let close = form.range(of: ">", range: open.upperBound..<form.endIndex)
        {
            let tag = String(form[open.lowerBound..<close.upperBound])
            cursor = close.upperBound
            guard attribute("type", in: tag) == "hidden", let name = attribute("name", in: tag), !name.hasPrefix("_")
            else { continue }
            guard values[name]?.contains(attribute("value", in: tag) ?? "") == true else { return false }
            matched = true
        }
        return matched
    }

    static func insert(_ text: String, after marker: String, in html: String) -> String {
        guard let range = html.range(of: marker) else { return text + html }
        return String(html[..<range.upperBound]) + text + String(html[range.upperBound...])
    }

    static func tagName(_ tag: String) -> String {
        String(tag.dropFirst().prefix { $0.isLetter }).lowercased()
    }

    /// The value of an attribute written `name="value"` (as the templates write them), or a bare
    /// attribute's name.
    static func attribute(_ name: String, in tag: String) -> String? {
        guard let range = attributeRange(name, in: tag) else { return nil }
        let text = tag[range]
        guard let quote = text.firstIndex(of: "\"") else { return name }
        return unescape(String(text[text.index(after: quote)..<text.index(before: text.endIndex)]))
    }

    /// Where ` name="…"` (or a bare ` name`) sits in a tag, leading space included.
    static func attributeRange(_ name: String, in tag: String) -> Range<String.Index>? {
        var cursor = tag.startIndex
        while let found = tag.range(of: " " + name, range: cursor..<tag.endIndex) {
            cursor = found.upperBound
            // Inside another attribute's quoted value: not an attribute.
            guard tag[tag.startIndex..<found.lowerBound].filter({ $0 == "\"" }).count % 2 == 0 else { continue }
            let after = found.upperBound
            if after == tag.endIndex { return found }
            let next = tag[after]
            if next == "=" {
                let valueStart = tag.index(after: after)
                guard valueStart < tag.endIndex, tag[valueStart] == "\"",
                    let end = tag.range(of: "\"", range: tag.index(after: valueStart)..<tag.endIndex)
                else { continue }
                return found.lowerBound..<end.upperBound
            }
            if next == " " || next == ">" || next == "/" { return found }
        }
        return nil
    }

    static func setAttribute(_ name: String, _ value: String, in tag: String) -> String {
        var tag = tag
        if let range = attributeRange(name, in: tag) { tag.removeSubrange(range) }
        let end = tag.hasSuffix("/>") ? tag.index(tag.endIndex, offsetBy: -2) : tag.index(before: tag.endIndex)
        tag.insert(contentsOf: " \(name)=\"\(escape(value))\"", at: end)
        return tag
    }

    static func setFlag(_ name: String, _ on: Bool, in tag: String) -> String {
        var tag = tag
        while let range = attributeRange(name, in: tag) { tag.removeSubrange(range) }
        guard on else { return tag }
        let end = tag.hasSuffix("/>") ? tag.index(tag.endIndex, offsetBy: -2) : tag.index(before: tag.endIndex)
        tag.insert(contentsOf: " \(name)", at: end)
        return tag
    }

    static func markInvalid(_ tag: String, describedBy id: String) -> String {
        let described = attribute("aria-describedby", in: tag).map { $0 + " " + id } ?? id
        return setAttribute("aria-describedby", described, in: setAttribute("aria-invalid", "true", in: tag))
    }

    static func selectOptions(_ options: String, _ sent: [String]) -> String {
        var output = ""
        var cursor = options.startIndex
        while let open = options.range(of: "<option", range: cursor..<options.endIndex),
            let close = options.range(of: ">", range: open.upperBound..<options.endIndex)
        {
            output += options[cursor..<open.lowerBound]
            let tag = String(options[open.lowerBound..<close.upperBound])
            let value = attribute("value", in: tag) ?? ""
            output += setFlag("selected", sent.contains(value), in: tag)
            cursor = close.upperBound
        }
        return output + options[cursor..<options.endIndex]
    }

    static func escape(_ text: String) -> String { MarkupText.escaped(text) }

    static func unescape(_ text: String) -> String {
        guard text.contains("&") else { return text }
        return text.replacingOccurrences(of: "&quot;", with: "\"").replacingOccurrences(of: "&#39;", with: "'")
            .replacingOccurrences(of: "&lt;", with: "<").replacingOccurrences(of: "&gt;", with: ">")
            .replacingOccurrences(of: "&#x2F;", with: "/").replacingOccurrences(of: "&#x3D;", with: "=")
            .replacingOccurrences(of: "&amp;", with: "&")
    }

    /// Decodes an `application/x-www-form-urlencoded` body into every value of every field.
    static func decode(_ body: String) -> [String: [String]] {
        var values: [String: [String]] = [:]
        for pair in body.split(separator: "&", omittingEmptySubsequences: true) {
            let parts = pair.split(separator: "=", maxSplits: 1, omittingEmptySubsequences: false)
            func decoded(_ text: Substring) -> String {
                let spaced = text.replacingOccurrences(of: "+", with: " ")
                return spaced.removingPercentEncoding ?? spaced
            }
            guard let first = parts.first else { continue }
            values[decoded(first), default: []].append(parts.count > 1 ? decoded(parts[1]) : "")
        }
        return values
    }
}
