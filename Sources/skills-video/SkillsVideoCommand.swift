import SkillsVideoClient
import Foundation

/// `skills-video`: thin entry point over `SkillsVideoCLI`.
@main
enum SkillsVideoMain {
    static func main() async {
        print("skills-video: not wired yet")
    }
}
