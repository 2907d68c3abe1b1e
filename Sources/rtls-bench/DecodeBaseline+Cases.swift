import Foundation
import RTLSCore

// The same-output baseline of each `rtls-bench decode` payload, by case name (see DecodeBaseline.swift).

extension Baseline {
    static let byCase: [String: SameOutputBaseline] = [
        "single SIMPLE event": { d, data, _, tools, out in try zebra(d.decode(ZebraEvent.self, from: data), tools, &out) },
        "batch of 50 events": { d, data, _, tools, out in
            for e in try d.decode([ZebraEvent].self, from: data) { try zebra(e, tools, &out) }
        },
        "single tagInventory": { d, data, _, tools, out in try impinj(d.decode(ImpinjEvent.self, from: data), tools, &out) },
        "batch of 50 tagInventory": { d, data, _, tools, out in
            for e in try d.decode([ImpinjEvent].self, from: data) { try impinj(e, tools, &out) }
        },
        "heartbeat + 40 iBeacon raw": { d, data, _, tools, out in try minew(d.decode([MinewItem].self, from: data), tools, &out) },
        "heartbeat + 30 Eddystone": { d, data, _, tools, out in try minew(d.decode([MinewItem].self, from: data), tools, &out) },
        "single device": { d, data, topic, _, out in try espresense(d.decode(ESPresenseDevice.self, from: data), topic, &out) },
        "RAWv2 (1 BLE + 10 sensor)": { d, data, topic, _, out in try ruuvi(d.decode(RuuviMessage.self, from: data), topic, &out) },
        "RAWv1 (1 BLE + 7 sensor)": { d, data, topic, _, out in try ruuvi(d.decode(RuuviMessage.self, from: data), topic, &out) },
        "Air 6 (1 BLE + 10 sensor)": { d, data, topic, _, out in try ruuvi(d.decode(RuuviMessage.self, from: data), topic, &out) },
        "Air E1 (1 BLE + 13 sensor)": { d, data, topic, _, out in try ruuvi(d.decode(RuuviMessage.self, from: data), topic, &out) },
        "decoded 5 (1 BLE + 10)": { d, data, topic, _, out in
            try ruuviDecoded(d.decode(RuuviDecoded.self, from: data), topic, &out)
        },
        "batch of 50 BLE readings": { d, data, _, tools, out in
            for item in try d.decode([RTLSJSONItem].self, from: data) {
                var r = Reading(
                    time: try tools.time(item.ts), receivedAt: receivedAt, kind: .ble, tag: TagID(item.tag) ?? TagID(),
                    gateway: item.gw.flatMap { GatewayID($0) } ?? GatewayID())
                r.rssi = item.rssi.map(Float.init)
                r.battery = item.battery.map(Float.init)
                out.append(r)
            }
        },
        "LYWSD03MMC (1 BLE + 3)": { d, data, topic, _, out in
            let m = try d.decode(TheengsMessage.self, from: data)
            let segments = segments(topic)
            let gateway = segments.firstIndex(of: "BTtoMQTT").flatMap { $0 > 0 ? String(segments[$0 - 1]) : nil } ?? ""
            var r = Reading(
                time: receivedAt, receivedAt: receivedAt, kind: .ble, tag: TagID(mac(m.id)) ?? TagID(),
                gateway: GatewayID(gateway) ?? GatewayID())
            r.flags = .receiveTime
            r.rssi = Float(m.rssi)
            if let b = m.batt { r.battery = Float(b) }
            out.append(r)
            if let v = m.tempc { out.append(sensor(r, "temperature", v, "C")) }
            if let v = m.hum { out.append(sensor(r, "humidity", v, "%")) }
            if let v = m.volt { out.append(sensor(r, "voltage", v, "V")) }
        },
    ]

    static func zebra(_ e: ZebraEvent, _ tools: BaselineTools, _ out: inout [Reading]) throws {
        var r = Reading(
            time: try tools.time(e.timestamp), receivedAt: receivedAt, kind: .rfid, tag: TagID(e.data.idHex.uppercased()) ?? TagID())
        r.rssi = e.data.peakRssi.map(Float.init)
        r.antenna = e.data.antenna.map { Int16($0) }
        out.append(r)
        if let reads = e.data.reads { out.append(sensor(r, "read_count", Double(reads), "count")) }
    }

    static func impinj(_ e: ImpinjEvent, _ tools: BaselineTools, _ out: inout [Reading]) throws {
        guard let inv = e.tagInventoryEvent, let epc = inv.epcHex else { throw Failure() }
        var r = Reading(
            time: try tools.time(inv.lastSeenTime ?? e.timestamp), receivedAt: receivedAt, kind: .rfid,
            tag: TagID(epc.uppercased()) ?? TagID(), gateway: e.hostname.flatMap { GatewayID($0) } ?? GatewayID())
        r.rssi = inv.peakRssiCdbm.map { Float(Double($0) / 100) }
        r.antenna = inv.antennaPort.map { Int16($0) }
        out.append(r)
        if let f = inv.frequency { out.append(sensor(r, "rf_frequency", Double(f) / 1000, "MHz")) }
        if let p = inv.phaseAngle { out.append(sensor(r, "rf_phase", p, "deg")) }
        if let p = inv.transmitPowerCdbm { out.append(sensor(r, "rf_tx_power", Double(p) / 100, "dBm")) }
        if let tid = inv.tidHex {
            var t = Reading(time: r.time, receivedAt: receivedAt, kind: .sensor, tag: r.tag, gateway: r.gateway)
            t.flags = .identifier
            t.metric = "tid"
            let bytes = try Baseline.bytes(hex: tid)
            t.zone = ZoneName(utf8: bytes.span) ?? ZoneName()
            out.append(t)
        }
    }

    static func minew(_ items: [MinewItem], _ tools: BaselineTools, _ out: inout [Reading]) throws {
        let gateway = items.first { $0.type == "Gateway" }.flatMap { GatewayID(mac($0.mac)) } ?? GatewayID()
        for item in items where item.type != "Gateway" {
            guard let raw = item.rawData else { continue }
            let ad = try bytes(hex: raw)
            let time = try item.timestamp.map { try tools.time($0) } ?? receivedAt
            var r = Reading(
                time: time, receivedAt: receivedAt, kind: .ble, tag: TagID(mac(item.mac)) ?? TagID(), gateway: gateway)
            r.rssi = item.rssi.map(Float.init)
            if let m = manufacturerData(ad), m.count >= 25, m[0] == 0x4C, m[1] == 0x00, m[2] == 0x02, m[3] == 0x15 {
                let uuid = hex(m[4..<8]) + "-" + hex(m[8..<10]) + "-" + hex(m[10..<12]) + "-" + hex(m[12..<14]) + "-"
                    + hex(m[14..<20])
                r.tag = TagID("\(uuid)-\(u16(m, 20))-\(u16(m, 22))") ?? TagID()
                out.append(r)
                out.append(sensor(r, "tx_power", Double(Int8(bitPattern: m[24])), "dBm"))
            } else if let e = eddystone(ad), let frame = e.first {
                switch frame {
                case 0x00:
                    r.tag = TagID(hex(e[2..<12]) + "-" + hex(e[12..<18])) ?? TagID()
                    out.append(r)
                    out.append(sensor(r, "tx_power", Double(Int8(bitPattern: e[1])), "dBm"))
                case 0x10:
                    out.append(r)
                    out.append(sensor(r, "tx_power", Double(Int8(bitPattern: e[1])), "dBm"))
                case 0x20:
                    out.append(r)
                    let mV = u16(e, 2)
                    if mV != 0 { out.append(sensor(r, "battery_voltage", Double(mV) / 1000, "V")) }
                    if u16(e, 4) != 0x8000 { out.append(sensor(r, "temperature", Double(i16(e, 4)) / 256, "C")) }
                    out.append(sensor(r, "advertising_count", Double(u16(e, 6) << 16 | u16(e, 8)), ""))
                    out.append(sensor(r, "uptime", Double(u16(e, 10) << 16 | u16(e, 12)) / 10, "s"))
                default: throw Failure()
                }
            } else {
                out.append(r)
            }
        }
    }

    static func espresense(_ d: ESPresenseDevice, _ topic: String, _ out: inout [Reading]) throws {
        let room = segments(topic).last.map(String.init) ?? ""
        var r = Reading(
            time: receivedAt, receivedAt: receivedAt, kind: .ble, tag: TagID(d.id) ?? TagID(),
            gateway: GatewayID(room) ?? GatewayID())
        r.flags = .receiveTime
        r.rssi = Float(d.rssi)
        r.zone = ZoneName(room) ?? ZoneName()
        out.append(r)
        if let v = d.rssi1m { out.append(sensor(r, "tx_power", v, "dBm")) }
        if let v = d.distance { out.append(sensor(r, "distance", v, "m")) }
        if let v = d.raw { out.append(sensor(r, "distance_raw", v, "m")) }
        if let v = d.speed { out.append(sensor(r, "speed", v, "m/s")) }
        if let v = d.interval { out.append(sensor(r, "advertising_interval", v, "ms")) }
    }

    static func ruuvi(_ m: RuuviMessage, _ topic: String, _ out: inout [Reading]) throws {
        guard let seconds = Int64(m.ts), let data = manufacturerData(try bytes(hex: m.data)), data.count > 3,
            data[0] == 0x99, data[1] == 0x04
        else { throw Failure() }
        let time = Timestamp(microseconds: seconds * 1_000_000)
        var r = Reading(
            time: time, receivedAt: receivedAt, kind: .ble, tag: try tagFromTopic(topic),
            gateway: GatewayID(mac(m.gw_mac)) ?? GatewayID())
        r.rssi = Float(m.rssi)
        out.append(r)
        let b = Array(data[2...])
        func add(_ metric: String, _ value: Double, _ unit: String) { out.append(sensor(r, metric, value, unit)) }
        func climate() {
            if u16(b, 1) != 0x8000 { add("temperature", Double(i16(b, 1)) * 0.005, "C") }
            if u16(b, 3) != 0xFFFF { add("humidity", Double(u16(b, 3)) * 0.0025, "%") }
            if u16(b, 5) != 0xFFFF { add("pressure", Double(u16(b, 5) + 50_000) / 100, "hPa") }
        }
        func indexes(voc: Int, nox: Int, flags: UInt8) {
            let v = Int(b[voc]) << 1 | Int(flags >> 6 & 1)
            if v != 0x1FF { add("voc_index", Double(v), "") }
            let n = Int(b[nox]) << 1 | Int(flags >> 7 & 1)
            if n != 0x1FF { add("nox_index", Double(n), "") }
        }
        func pm(_ k: Int, _ metric: String) { if u16(b, k) != 0xFFFF { add(metric, Double(u16(b, k)) / 10, "µg/m³") } }
        switch b[0] {
        case 3 where b.count >= 14:
            add("humidity", Double(b[1]) / 2, "%")
            let t = Double(b[2] & 0x7F) + Double(b[3]) / 100
            add("temperature", b[2] & 0x80 == 0 ? t : -t, "C")
            add("pressure", Double(u16(b, 4) + 50_000) / 100, "hPa")
            add("acceleration_x", Double(i16(b, 6)) / 1000, "g")
            add("acceleration_y", Double(i16(b, 8)) / 1000, "g")
            add("acceleration_z", Double(i16(b, 10)) / 1000, "g")
            add("battery_voltage", Double(u16(b, 12)) / 1000, "V")
        case 5 where b.count >= 24:
            climate()
            for (k, axis) in [(7, "x"), (9, "y"), (11, "z")] where u16(b, k) != 0x8000 {
                add("acceleration_" + axis, Double(i16(b, k)) / 1000, "g")
            }
            let power = u16(b, 13)
            if power >> 5 != 0x7FF { add("battery_voltage", Double((power >> 5) + 1600) / 1000, "V") }
            if power & 0x1F != 0x1F { add("tx_power", Double(-40 + 2 * (power & 0x1F)), "dBm") }
            if b[15] != 0xFF { add("movement_counter", Double(b[15]), "") }
            if u16(b, 16) != 0xFFFF { add("measurement_sequence", Double(u16(b, 16)), "") }
        case 6 where b.count >= 20:
            climate()
            pm(7, "pm2_5")
            if u16(b, 9) != 0xFFFF { add("co2", Double(u16(b, 9)), "ppm") }
            indexes(voc: 11, nox: 12, flags: b[16])
            if b[13] != 0xFF { add("illuminance", ((exp(Double(b[13]) * log(65_536.0) / 254) - 1) * 100).rounded() / 100, "lx") }
            add("measurement_sequence", Double(b[15]), "")
            add("calibrating", Double(b[16] & 1), "")
        case 0xE1 where b.count >= 40:
            climate()
            pm(7, "pm1_0")
            pm(9, "pm2_5")
            pm(11, "pm4_0")
            pm(13, "pm10")
            if u16(b, 15) != 0xFFFF { add("co2", Double(u16(b, 15)), "ppm") }
            indexes(voc: 17, nox: 18, flags: b[28])
            if u24(b, 19) != 0xFF_FFFF { add("illuminance", Double(u24(b, 19)) / 100, "lx") }
            if u24(b, 25) != 0xFF_FFFF { add("measurement_sequence", Double(u24(b, 25)), "") }
            add("calibrating", Double(b[28] & 1), "")
        default: throw Failure()
        }
    }

    static func ruuviDecoded(_ m: RuuviDecoded, _ topic: String, _ out: inout [Reading]) throws {
        var r = Reading(
            time: Timestamp(microseconds: Int64(m.ts) * 1_000_000), receivedAt: receivedAt, kind: .ble,
            tag: try tagFromTopic(topic), gateway: GatewayID(mac(m.gw_mac)) ?? GatewayID())
        r.rssi = Float(m.rssi)
        out.append(r)
        out.append(sensor(r, "temperature", m.temperature, "C"))
        out.append(sensor(r, "humidity", m.humidity, "%"))
        out.append(sensor(r, "pressure", m.pressure / 100, "hPa"))
        out.append(sensor(r, "acceleration_x", m.accelX, "g"))
        out.append(sensor(r, "acceleration_y", m.accelY, "g"))
        out.append(sensor(r, "acceleration_z", m.accelZ, "g"))
        out.append(sensor(r, "movement_counter", Double(m.movementCounter), ""))
        out.append(sensor(r, "battery_voltage", m.voltage, "V"))
        out.append(sensor(r, "tx_power", Double(m.txPower), "dBm"))
        out.append(sensor(r, "measurement_sequence", Double(m.measurementSequenceNumber), ""))
    }

    struct ESPresenseDevice: Decodable {
        let id: String
        let rssi: Double
        let rssi1m: Double?
        let raw, distance, speed, interval: Double?
        enum CodingKeys: String, CodingKey {
            case id, rssi, raw, distance, speed, interval
            case rssi1m = "rssi@1m"
        }
    }

    struct RuuviDecoded: Decodable {
        let gw_mac: String
        let id: String
        let rssi: Int
        let ts: Int
        let temperature, humidity, pressure, accelX, accelY, accelZ, voltage: Double
        let movementCounter, txPower, measurementSequenceNumber: Int
    }

    struct TheengsMessage: Decodable {
        let id: String
        let rssi: Int
        let tempc, hum, volt: Double?
        let batt: Int?
    }
}
