public import RTLSCore
public import RTLSPostgres
import Synchronization

/// The allow-lists the writer applies (`[ingest] allow_unknown_gateways`, `allow_unknown_zones`),
/// shared with the reload that swaps them when `site.toml` changes. The writer reads it once per
/// batch (one uncontended lock) and only takes a new policy when the generation moved.
public final class ReferencePolicySource: Sendable {
    private let state: Mutex<(generation: UInt64, policy: ReferencePolicy)>

    /// A source holding `policy` (generation 1).
    public init(_ policy: ReferencePolicy = .any) {
        self.state = Mutex((1, policy))
    }

    /// The policy for `config` and the site it names: site.toml's gateways and zones for each
    /// allow-list turned on (`allow_unknown_… = false`), any name otherwise.
    public static func policy(config: DaemonConfig, site: SiteModel?) -> ReferencePolicy {
        ReferencePolicy(
            gateways: config.ingest.allowUnknownGateways ? nil : Set((site?.gateways ?? []).map(\.id)),
            zones: config.ingest.allowUnknownZones ? nil : Set((site?.zones ?? []).map(\.name)))
    }

    /// Replaces the policy (a reload).
    public func replace(_ policy: ReferencePolicy) {
        self.state.withLock { state in
            if state.policy != policy { state = (state.generation + 1, policy) }
        }
    }

    /// The current policy.
    public var current: ReferencePolicy { self.state.withLock { $0.policy } }

    /// The policy and its generation when newer than `generation`, else nil.
    func newer(than generation: UInt64) -> (generation: UInt64, policy: ReferencePolicy)? {
        self.state.withLock { $0.generation > generation ? $0 : nil }
    }
}
