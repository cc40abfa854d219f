/// Status vocabulary of the platform: QueueState and PredictionStatus, terminal and success sets.
public enum GenerationStatus {
    /// QueueState values in the order the platform walks them.
    public static let queueStates = ["IN_QUEUE", "IN_PROGRESS", "COMPLETED", "FAILED", "CANCELED"]
    /// PredictionStatus values.
    public static let predictionStatuses = ["starting", "processing", "succeeded", "failed", "canceled"]
    /// Upper-cased statuses that end a generation.
    public static let terminal: Set<String> = ["COMPLETED", "SUCCEEDED", "FAILED", "CANCELED", "CANCELLED"]
    /// Upper-cased statuses that end a generation successfully.
    public static let success: Set<String> = ["COMPLETED", "SUCCEEDED"]
    /// Keys that may carry a status, in the seed's order of preference.
    public static let statusKeys = [
        "status", "state", "queue_state", "queueState", "prediction_status", "predictionStatus",
    ]
    /// Keys that may carry a generation id, in the seed's order of preference.
    public static let idKeys = [
        "generation_id", "generationId", "prediction_id", "predictionId", "task_id", "taskId", "id",
    ]

    /// Upper-cases a status and folds CANCELLED into CANCELED.
    public static func normalize(_ status: String) -> String {
        let upper = status.trimmingWhitespace().uppercased()
        return upper == "CANCELLED" ? "CANCELED" : upper
    }

    /// Whether the status (any case) is terminal.
    public static func isTerminal(_ status: String) -> Bool { terminal.contains(normalize(status)) }

    /// Whether the status (any case) is a successful terminal.
    public static func isSuccess(_ status: String) -> Bool { success.contains(normalize(status)) }

    /// The first non-empty string under one of `keys`, searching depth first as the seed does.
    public static func find(keys: [String], in value: JSONValue) -> (value: String, key: String)? {
        switch value {
        case .object(let members):
            for key in keys {
                if let v = members.first(where: { $0.0 == key })?.1.stringValue {
                    let t = v.trimmingWhitespace()
                    if !t.isEmpty { return (t, key) }
                }
            }
            for (_, child) in members {
                if let found = find(keys: keys, in: child) { return found }
            }
            return nil
        case .array(let items):
            for item in items {
                if let found = find(keys: keys, in: item) { return found }
            }
            return nil
        default:
            return nil
        }
    }

    /// The status carried by a payload (nested keys allowed).
    public static func findStatus(in value: JSONValue) -> (value: String, key: String)? {
        find(keys: statusKeys, in: value)
    }

    /// The generation id carried by a payload (nested keys allowed).
    public static func findID(in value: JSONValue) -> (value: String, key: String)? {
        find(keys: idKeys, in: value)
    }
}
