import Foundation

/// Writes one line to stdout unbuffered, so progress shows while a long benchmark runs into a pipe or file.
func say(_ line: String) {
    FileHandle.standardOutput.write(Data((line + "\n").utf8))
}
