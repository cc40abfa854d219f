extension [UInt8] {
    /// Every occurrence of `token` replaced, byte-wise (so invalid UTF-8 survives).
    public func replacingAll(_ token: [UInt8], with replacement: [UInt8]) -> [UInt8] {
        guard let first = token.first, count >= token.count, let start = firstIndex(of: first) else { return self }
        var out: [UInt8] = Array(self[..<start])
        out.reserveCapacity(count)
        var i = start
        while i < count {
            if self[i] == first, i + token.count <= count, self[i..<i + token.count].elementsEqual(token) {
                out += replacement
                i += token.count
            } else {
                out.append(self[i])
                i += 1
            }
        }
        return out
    }
}
