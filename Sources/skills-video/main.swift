print("skills-video")
