extension Facility {
    /// The room holding floor-plan point `x` on the floor of room `ref`. Rooms of a floor are laid out
    /// side by side along x (`roomWidth` each), so a point beyond the first or last room is clamped to it.
    func room(atX x: Double, onFloorOf ref: Int) -> Int {
        let r = self.rooms[ref]
        let first = ref - (r.index - 1)
        let count = self.roomsPerFloor
        let slot = min(count - 1, max(0, Int((x / self.roomWidth).rounded(.down))))
        return first + slot
    }

    /// The rooms on the floor of room `ref`, in order along x.
    func floorRooms(of ref: Int) -> Range<Int> {
        let first = ref - (self.rooms[ref].index - 1)
        return first..<(first + self.roomsPerFloor)
    }

    /// Walls between two rooms of one floor: the rooms between them, plus one.
    func walls(between a: Int, _ b: Int) -> Int { abs(self.rooms[a].index - self.rooms[b].index) }
}
