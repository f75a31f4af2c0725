/// Why a merge (of corpora, or of shards' stats) was refused, in one line naming the files.
public struct MergeError: Error, Sendable, CustomStringConvertible {
    public var description: String
}
