extension QRCode {
    /// The light border every reader needs around the symbol, in modules (ISO/IEC 18004: four).
    public static let quietZone = 4

    /// The side of the drawing in modules, quiet zone included: the SVG's `viewBox` is this square.
    public var side: Int { size + 2 * QRCode.quietZone }

    /// The dark modules as one SVG path in module units, quiet zone included: each horizontal run
    /// of dark modules is one rectangle (`M x,y h n v 1 h -n z`), which keeps the path short.
    public var svgPath: String {
        var path = ""
        for y in 0..<size {
            var x = 0
            while x < size {
                guard isDark(x: x, y: y) else {
                    x += 1
                    continue
                }
                var end = x
                while end < size, isDark(x: end, y: y) { end += 1 }
                let run = end - x
                path += "M\(x + QRCode.quietZone),\(y + QRCode.quietZone)h\(run)v1h-\(run)z"
                x = end
            }
        }
        return path
    }

    /// A whole SVG document: a light square, the modules as one path drawn with crisp edges, and
    /// `title` (which the caller words in the reader's language) for screen readers. Without a
    /// width or height it fills what holds it; the light square keeps the quiet zone light on a
    /// dark page.
    public func svg(title: String) -> String {
        let side = self.side
        return "<svg xmlns=\"http://www.w3.org/2000/svg\" viewBox=\"0 0 \(side) \(side)\" role=\"img\" "
            + "shape-rendering=\"crispEdges\"><title>\(MarkupText.escaped(title))</title>"
            + "<rect width=\"\(side)\" height=\"\(side)\" fill=\"#fff\"/>"
            + "<path fill=\"#000\" d=\"\(svgPath)\"/></svg>"
    }
}
