import Foundation
import HeraldCatalog

/// `Archive` / `DescribeArchiveResponse`.
private struct ArchiveOutput: Encodable {
    var ArchiveArn: String?
    var ArchiveName: String
    var EventSourceArn: String
    var Description: String?
    var EventPattern: String?
    var State: String
    var StateReason: String?
    var KmsKeyIdentifier: String?
    var RetentionDays: Int
    var SizeBytes: Int64
    var EventCount: Int64
    var CreationTime: Date

    init(_ archive: Archive, detailed: Bool) {
        ArchiveArn = detailed ? archive.arn : nil
        ArchiveName = archive.name
        EventSourceArn = archive.eventSourceArn
        Description = detailed ? archive.description : nil
        EventPattern = detailed ? archive.eventPattern : nil
        State = archive.state.rawValue
        StateReason = archive.stateReason
        KmsKeyIdentifier = detailed ? archive.kmsKeyIdentifier : nil
        RetentionDays = archive.retentionDays
        SizeBytes = archive.sizeBytes
        EventCount = archive.eventCount
        CreationTime = archive.creationTime
    }
}

/// Create/Update output.
private struct ArchiveStateOutput: Encodable {
    var ArchiveArn: String
    var State: String
    var StateReason: String?
    var CreationTime: Date

    init(_ archive: Archive) {
        ArchiveArn = archive.arn
        State = archive.state.rawValue
        StateReason = archive.stateReason
        CreationTime = archive.creationTime
    }
}

/// Requests naming an archive, and `ListArchives`.
private struct ArchiveNameRequest: Decodable {
    var ArchiveName: String?
    var NamePrefix: String?
    var EventSourceArn: String?
    var State: String?
    var NextToken: String?
    var Limit: Int?
}

extension EventBridgeAPI {
    /// `CreateArchive`: decodes the input, applies it and encodes the output.
    func createArchive(_ body: [UInt8]) async throws -> [UInt8] {
        let input = try Self.decode(ArchiveInput.self, from: body, operation: "CreateArchive")
        return try Self.encode(ArchiveStateOutput(try await catalog.createArchive(input)))
    }

    /// `DescribeArchive`: decodes the input, applies it and encodes the output.
    func describeArchive(_ body: [UInt8]) async throws -> [UInt8] {
        let input = try Self.decode(ArchiveNameRequest.self, from: body, operation: "DescribeArchive")
        return try Self.encode(ArchiveOutput(try await catalog.describeArchive(name: input.ArchiveName), detailed: true))
    }

    /// `UpdateArchive`: decodes the input, applies it and encodes the output.
    func updateArchive(_ body: [UInt8]) async throws -> [UInt8] {
        let input = try Self.decode(ArchiveInput.self, from: body, operation: "UpdateArchive")
        return try Self.encode(ArchiveStateOutput(try await catalog.updateArchive(input)))
    }

    /// `DeleteArchive`: decodes the input, applies it and encodes the output.
    func deleteArchive(_ body: [UInt8]) async throws -> [UInt8] {
        let input = try Self.decode(ArchiveNameRequest.self, from: body, operation: "DeleteArchive")
        try await catalog.deleteArchive(name: input.ArchiveName)
        return try Self.encode(EmptyOutput())
    }

    /// `ListArchives`: decodes the input, applies it and encodes the output.
    func listArchives(_ body: [UInt8]) async throws -> [UInt8] {
        struct Output: Encodable {
            var Archives: [ArchiveOutput]
            var NextToken: String?
        }
        let input = try Self.decode(ArchiveNameRequest.self, from: body, operation: "ListArchives")
        let page = try await catalog.listArchives(
            namePrefix: input.NamePrefix, eventSourceArn: input.EventSourceArn, state: input.State,
            page: PageRequest(nextToken: input.NextToken, limit: input.Limit)
        )
        return try Self.encode(Output(Archives: page.items.map { ArchiveOutput($0, detailed: false) }, NextToken: page.nextToken))
    }
}
