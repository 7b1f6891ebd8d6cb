import Foundation

/// A photo whose truth a person decided: what it shows, and the source it came from.
public struct LabelledPhoto: Sendable, Equatable {
    public enum Label: String, Sendable, CaseIterable, Codable {
        case clean, food, other
    }

    public var path: String
    public var label: Label
    /// The file name up to its first underscore (`pv2_001.jpg` comes from `pv2`).
    public var source: String
    /// The labelled folder it was loaded from: each folder is judged on its own.
    public var collection: String

    public init(path: String, label: Label, source: String, collection: String = "") {
        self.path = path
        self.label = label
        self.source = source
        self.collection = collection
    }

    /// The JPEG and PNG photos in `directory/clean`, `directory/food` and `directory/other`, sorted.
    /// - Throws: ``EvaluationError`` when one of the three folders is missing.
    public static func load(_ directory: String) throws(EvaluationError) -> [LabelledPhoto] {
        var photos: [LabelledPhoto] = []
        for label in Label.allCases {
            let folder = (directory as NSString).appendingPathComponent(label.rawValue)
            guard let names = try? FileManager.default.contentsOfDirectory(atPath: folder) else {
                throw EvaluationError("\(folder) is missing: a labelled folder has clean/, food/ and other/")
            }
            for name in names.sorted() where ["jpg", "jpeg", "png"].contains((name as NSString).pathExtension.lowercased()) {
                let source = name.split(separator: "_").first.map(String.init) ?? name
                photos.append(
                    LabelledPhoto(
                        path: (folder as NSString).appendingPathComponent(name),
                        label: label,
                        source: source,
                        collection: directory
                    )
                )
            }
        }
        return photos
    }
}

/// A labelled folder could not be read.
public struct EvaluationError: Error, CustomStringConvertible {
    public var description: String
    public init(_ description: String) { self.description = description }
}
