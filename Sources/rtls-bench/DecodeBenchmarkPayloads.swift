import Foundation

// The Codable mirrors of the `rtls-bench decode` payloads that both Foundation baselines decode: the JSON-only
// baseline (DecodeBenchmark.swift) and the same-output baseline (DecodeBaseline+Cases.swift). One set, so the
// two baselines read the same fields of the same payloads. Where the same-output baseline needs fields the
// JSON-only one never decoded (ESPresense, Ruuvi decoded mode, Theengs), each keeps its own struct, so the
// JSON-only figures stay what they were.

struct ZebraEvent: Decodable {
    struct Payload: Decodable {
        let idHex: String
        let antenna: Int?
        let peakRssi: Double?
        let eventNum: Int?
        let format: String?
        let reads: Int?
    }
    let type: String
    let timestamp: String
    let data: Payload
}

struct ImpinjEvent: Decodable {
    struct Inventory: Decodable {
        let epcHex: String?
        let epc: String?
        let tidHex: String?
        let antennaPort: Int?
        let peakRssiCdbm: Int?
        let frequency: Int?
        let transmitPowerCdbm: Int?
        let phaseAngle: Double?
        let lastSeenTime: String?
    }
    let timestamp: String
    let hostname: String?
    let eventType: String?
    let tagInventoryEvent: Inventory?
}

/// A Minew G1 batch item (heartbeat or advertisement).
struct MinewItem: Decodable {
    let timestamp: String?
    let type: String
    let mac: String
    let rssi: Int?
    let rawData: String?
}

/// A Ruuvi Gateway message in raw mode.
struct RuuviMessage: Decodable {
    let gw_mac: String
    let rssi: Int
    let ts: String
    let data: String
}

struct RTLSJSONItem: Decodable {
    let ts: String
    let tag: String
    let gw: String?
    let rssi: Double?
    let battery: Double?
}
