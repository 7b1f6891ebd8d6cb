import Foundation

// TEMPORARY development aid; removed before landing.
func debug(_ key: String, _ text: @autoclosure () -> String) {
    guard ProcessInfo.processInfo.environment["PP_DEBUG"]?.split(separator: ",").contains(Substring(key)) == true else { return }
    FileHandle.standardOutput.write(Data("\(key) \(text())\n".utf8))
}

func debugging(_ key: String) -> Bool {
    ProcessInfo.processInfo.environment["PP_DEBUG"]?.split(separator: ",").contains(Substring(key)) == true
}
