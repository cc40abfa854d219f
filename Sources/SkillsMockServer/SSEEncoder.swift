import SkillsCore
import SkillsScenario

/// Turns scripted SSE items into the exact bytes sent on the wire (pure, no I/O): an item's canonical
/// `wireBytes` (SkillsScenario, shared with the recorder) with `{gen}` substituted.
enum SSEEncoder {
    /// The bytes of one item: fields, then the blank line that ends the event (none for `raw:`). Field names hold
    /// no `{`, so substituting in the whole encoding is substituting in each field.
    static func bytes(of item: SSEItem, generationID: String?) -> [UInt8] {
        substitute(item.wireBytes, generationID)
    }

    static func substitute(_ text: String, _ generationID: String?) -> String {
        guard let generationID, text.utf8.contains(UInt8(ascii: "{")) else { return text }
        return String(decoding: substitute(Array(text.utf8), generationID), as: UTF8.self)
    }

    /// `{gen}` replaced by the generation id in bytes (kept as they are without an id).
    static func substitute(_ bytes: [UInt8], _ generationID: String?) -> [UInt8] {
        guard let generationID else { return bytes }
        return bytes.replacingAll(genToken, with: Array(generationID.utf8))
    }

    private static let genToken = Array("{gen}".utf8)
}
