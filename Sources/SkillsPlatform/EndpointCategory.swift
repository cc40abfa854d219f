/// The docs.json navigation groups that list model endpoints.
public enum EndpointCategory: String, Sendable, CaseIterable {
    /// The `Videos` group.
    case videos
    /// The `Images` group.
    case images

    /// The docs.json group name.
    public var groupName: String {
        switch self {
        case .videos: return "Videos"
        case .images: return "Images"
        }
    }
}
