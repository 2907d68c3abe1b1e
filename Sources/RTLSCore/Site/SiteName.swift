/// A name from the site model or rules file (asset, floor, building, rule id, asset class or group),
/// stored inline so alerts and location rows stay trivially copyable.
public typealias SiteName = InlineString<32>
