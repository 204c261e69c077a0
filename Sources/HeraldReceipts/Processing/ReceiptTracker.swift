import HeraldChannels
public import HeraldEvents
import HeraldJSON
public import HeraldServer
import HeraldStorage
public import Logging

/// The closed loop's core, shared by ``ReceiptRoutes`` and ``ReceiptOverdueService``: dedupes verified receipts,
/// correlates them with their ``DispatchRecord``, applies the lifecycle ranking, re-ingests status events through the
/// injected ``EventIngestor`` and emits overdue events. Work on one message is serialized.
///
/// Order of effects (at-least-once): the event is ingested (durable) first, then the seen mark, status and overdue
/// index change are committed in one catalog transaction. A crash in between re-ingests the event on the sender's
/// retry with the same derived event id.
public final class ReceiptTracker: Sendable {
    /// The durable records.
    public let store: DispatchRecordStore
    /// Where events go (the lead wires it to the durable log).
    public let ingestor: any EventIngestor
    /// Envelope addressing.
    public let events: ReceiptEventSettings
    /// Where receipt handling logs.
    let logger: Logger
    /// Serializes work per message (`<provider>/<message id>`).
    let lock = KeyedLock()

    /// Creates a tracker.
    /// - Parameters:
    ///   - store: Dispatch records in the catalog.
    ///   - ingestor: Stores events durably (returns after commit).
    ///   - events: Source, bus, account and region of the events.
    ///   - logger: Where receipt handling logs.
    public init(
        store: DispatchRecordStore, ingestor: any EventIngestor, events: ReceiptEventSettings = ReceiptEventSettings(),
        logger: Logger = Logger(label: "herald.receipts")
    ) {
        self.store = store
        self.ingestor = ingestor
        self.events = events
        self.logger = logger
    }

    /// Processes one verified receipt.
    /// - Parameters:
    ///   - observation: The verified, normalized receipt.
    ///   - receivedAt: When Herald received it (the event's `time`).
    /// - Returns: Ingested (with the event), duplicate, or not advanced.
    /// - Throws: `ReceiptProcessingError` when nothing could be committed; answer a retryable status.
    public func process(_ observation: ReceiptObservation, receivedAt: UTCTime) async throws(ReceiptProcessingError)
        -> ReceiptOutcome
    {
        do {
            try ReceiptKeys.validate(provider: observation.provider, messageID: observation.providerMessageID)
        } catch {
            throw .store(error)
        }
        let key = ReceiptKeys.messagePath(provider: observation.provider, messageID: observation.providerMessageID)
        return try await lock.withLock(key) { () async throws(ReceiptProcessingError) -> ReceiptOutcome in
            try await processLocked(observation, receivedAt: receivedAt)
        }
    }

    private func processLocked(_ observation: ReceiptObservation, receivedAt: UTCTime) async
        throws(ReceiptProcessingError) -> ReceiptOutcome
    {
        let provider = observation.provider
        let messageID = observation.providerMessageID
        let record: DispatchRecord?
        let current: ReceiptStatusRecord?
        do {
            if try store.hasSeen(observation.receiptID) { return .duplicate }
            record = try store.lookup(provider: provider, messageID: messageID)
            current = try store.status(provider: provider, messageID: messageID)
        } catch {
            throw .store(error)
        }
        let advances = ReceiptStatus.canReplace(current?.status, with: observation.status)
        var ingested: IngestedEvent?
        if advances {
            let origin = record.map { DeliveryOrigin(eventID: $0.originEventID, rule: $0.rule, target: $0.target) }
            let event = events.receiptEvent(
                observation, channel: observation.channel ?? record?.channel ?? "unknown", origin: origin,
                correlationID: observation.correlationID ?? record?.correlationID,
                recipient: observation.recipient ?? record?.recipient, time: receivedAt)
            try await ingest(event)
            ingested = event
        }
        var changes: [CatalogChange] = [
            .put(key: ReceiptKeys.seen(observation.receiptID), value: seenValue(ingested, at: receivedAt))
        ]
        if advances {
            let status = ReceiptStatusRecord(
                status: observation.status, providerStatus: observation.providerStatus, receiptID: observation.receiptID,
                receivedAt: receivedAt)
            changes.append(.put(key: ReceiptKeys.status(provider: provider, messageID: messageID), value: status.encoded))
            if let record, observation.status.settlesDelivery {
                changes.append(.delete(key: store.pendingKey(record)))
            }
        }
        do {
            try store.apply(changes)
        } catch {
            throw .store(error)
        }
        if record == nil {
            logger.notice(
                "receipt for a message without a dispatch record",
                metadata: ["provider": "\(provider)", "message_id": "\(messageID)"])
        }
        guard let ingested else {
            logger.debug(
                "receipt does not advance the recorded status",
                metadata: [
                    "message_id": "\(messageID)", "status": "\(observation.status.rawValue)",
                    "recorded": "\(current?.status.rawValue ?? "none")",
                ])
            return .notAdvanced
        }
        return .ingested(ingested)
    }

    /// Ingests one event and requires it to be stored.
    func ingest(_ event: IngestedEvent) async throws(ReceiptProcessingError) {
        let outcomes: [IngestOutcome]
        do {
            outcomes = try await ingestor.ingest([event])
        } catch {
            throw .ingestFailed(String(describing: error))
        }
        switch outcomes.first {
        case .stored?: return
        case .failed(let code, let message)?: throw .ingestFailed("\(code): \(message)")
        case nil: throw .ingestFailed("the ingestor returned no outcome")
        }
    }

    private func seenValue(_ event: IngestedEvent?, at time: UTCTime) -> [UInt8] {
        JSONValue.object(
            JSONObject([
                ("received_at_ns", .string(String(time.nanosecondsSince1970))),
                ("outcome", .string(event == nil ? "not_advanced" : "ingested")),
                ("event_id", event.map { .string($0.envelope.id) } ?? .null),
            ])
        ).jsonBytes
    }
}
