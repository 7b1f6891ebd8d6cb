import Foundation

// TEMPORARY development aid; removed before landing.
private let debugKeys: Set<Substring> = Set(ProcessInfo.processInfo.environment["PP_DEBUG"]?.split(separator: ",") ?? [])

func debug(_ key: String, _ text: @autoclosure () -> String) {
    guard debugKeys.contains(Substring(key)) else { return }
    FileHandle.standardOutput.write(Data("\(key) \(text())\n".utf8))
}

func debugging(_ key: String) -> Bool { debugKeys.contains(Substring(key)) }
