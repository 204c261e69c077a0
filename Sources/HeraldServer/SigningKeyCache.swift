import Crypto
import Synchronization

/// SigV4 signing keys already derived, by access key id, date, region and service. Deriving one costs four HMACs;
/// a key is the same for every request of its day, so the verifier keeps the recent ones. Bounded: past
/// ``capacity`` entries it starts again (dates move on, so old entries are never needed again).
final class SigningKeyCache: Sendable {
    private let keys = Mutex<[String: SymmetricKey]>([:])
    /// Most keys kept.
    let capacity: Int

    init(capacity: Int = 64) {
        self.capacity = max(1, capacity)
    }

    /// The cached key for the scope, or the one `derive` makes (then cached).
    func key(accessKeyID: String, date: String, region: String, service: String, derive: () -> SymmetricKey) -> SymmetricKey {
        let name = "\(accessKeyID)/\(date)/\(region)/\(service)"
        if let key = keys.withLock({ $0[name] }) { return key }
        let key = derive()
        keys.withLock { keys in
            if keys.count >= capacity { keys.removeAll(keepingCapacity: true) }
            keys[name] = key
        }
        return key
    }

    /// How many keys are cached (for tests).
    var count: Int { keys.withLock { $0.count } }
}
