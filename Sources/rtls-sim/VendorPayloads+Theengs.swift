extension VendorPayloads {
    /// Theengs Gateway / OpenMQTTGateway BTtoMQTT message (topic `home/<gateway>/BTtoMQTT/<MAC>`): `id` the
    /// beacon's MAC with colons, integer `rssi`, `batt` in %. No device time: rtlsd stamps the receive time.
    static func theengs(mac: String, rssi: Double, battery: Int) -> String {
        "{\"id\":\"\(colonMAC(mac))\",\"rssi\":\(Int(rssi.rounded())),\"brand\":\"GENERIC\",\"model\":\"iBeacon\","
            + "\"batt\":\(battery)}"
    }

    /// `AC233FA0B1C2` as `AC:23:3F:A0:B1:C2` (any other text unchanged).
    static func colonMAC(_ mac: String) -> String {
        guard mac.utf8.count == 12 else { return mac }
        var out = ""
        for (k, c) in mac.enumerated() {
            if k > 0 && k % 2 == 0 { out.append(":") }
            out.append(c)
        }
        return out
    }
}
