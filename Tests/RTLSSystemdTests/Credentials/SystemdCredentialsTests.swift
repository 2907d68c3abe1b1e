import Foundation
import RTLSSystemd
import Testing

@Suite struct SystemdCredentialsTests {
    /// A fresh directory holding the given files, removed by the caller.
    private func directory(_ files: [String: String]) throws -> String {
        let path = FileManager.default.temporaryDirectory
            .appendingPathComponent("rtlsd-creds-\(UInt64.random(in: 0...UInt64.max))").path
        try FileManager.default.createDirectory(atPath: path, withIntermediateDirectories: false)
        for (name, content) in files {
            try content.write(toFile: path + "/" + name, atomically: false, encoding: .utf8)
        }
        return path
    }

    @Test func readsAndTrimsTrailingNewlines() throws {
        let dir = try self.directory(["db-password": "s3cr3t pass\n", "mqtt-password": "m\r\n", "empty": "\n"])
        defer { try? FileManager.default.removeItem(atPath: dir) }
        let credentials = SystemdCredentials(environment: ["CREDENTIALS_DIRECTORY": dir])
        #expect(credentials.directory == dir)
        #expect(try credentials.read("db-password") == "s3cr3t pass")
        #expect(try credentials.read("mqtt-password") == "m")
        #expect(try credentials.read("empty") == nil)
        #expect(try credentials.read("absent") == nil)
    }

    @Test func withoutDirectoryEverythingIsNil() throws {
        #expect(SystemdCredentials(environment: [:]).directory == nil)
        #expect(try SystemdCredentials(environment: [:]).read("db-password") == nil)
        #expect(SystemdCredentials(directory: "").directory == nil)
    }

    @Test(arguments: ["", ".", "..", "../etc/shadow", "a/b"])
    func rejectsNamesThatAreNotFiles(name: String) {
        let error = #expect(throws: CredentialError.self) {
            try SystemdCredentials(directory: "/tmp").read(name)
        }
        #expect(error?.code == .invalidName)
    }

    @Test func oversizedFileIsRefusedWithoutItsContent() throws {
        let secret = String(repeating: "x", count: 70_000)
        let dir = try self.directory(["big": secret])
        defer { try? FileManager.default.removeItem(atPath: dir) }
        let error = #expect(throws: CredentialError.self) {
            try SystemdCredentials(directory: dir).read("big")
        }
        #expect(error?.code == .tooLarge)
        #expect(error?.description.contains("big") == true)
        #expect(error?.description.contains("xxxx") == false)
    }

    @Test func directoryInPlaceOfFileIsUnreadable() throws {
        let dir = try self.directory([:])
        defer { try? FileManager.default.removeItem(atPath: dir) }
        try FileManager.default.createDirectory(atPath: dir + "/sub", withIntermediateDirectories: false)
        let error = #expect(throws: CredentialError.self) {
            try SystemdCredentials(directory: dir).read("sub")
        }
        #expect(error?.code == .unreadable)
    }
}
