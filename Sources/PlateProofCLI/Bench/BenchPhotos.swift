import ArgumentParser
import Foundation

/// Photos read into memory for a benchmark.
enum BenchPhotos {
    struct Photo: Sendable {
        var name: String
        var bytes: [UInt8]
    }

    static func load(_ paths: [String]) throws -> [Photo] {
        var files: [String] = []
        for path in paths {
            var isDirectory: ObjCBool = false
            guard FileManager.default.fileExists(atPath: path, isDirectory: &isDirectory) else {
                throw ValidationError("\(path) does not exist")
            }
            if isDirectory.boolValue {
                let names = try FileManager.default.contentsOfDirectory(atPath: path).sorted()
                files += names.map { (path as NSString).appendingPathComponent($0) }
            } else {
                files.append(path)
            }
        }
        let images = Set(["jpg", "jpeg", "png"])
        return try files.filter { images.contains(($0 as NSString).pathExtension.lowercased()) }.map {
            Photo(name: $0, bytes: [UInt8](try Data(contentsOf: URL(fileURLWithPath: $0))))
        }
    }
}
