import EvidentTestSupport

@testable import EvidentDER

/// Seeded mutations of a valid DER blob for the differential test: raw byte edits, header
/// edits aimed at real identifier and length octets, and tree edits re-serialised with correct
/// lengths (so that well-formed DER of another shape is produced too).
struct DERMutator {
    enum Kind: String, CaseIterable {
        case flipBit, setByte, truncate, insert, delete, lengthEdit, tagEdit, swapSiblings, treeEdit
    }

    let original: [UInt8]
    let elements: [DERElement]  // every element of the original, pre-order

    init(_ original: [UInt8]) throws {
        self.original = original
        var all: [DERElement] = []
        func collect(_ e: DERElement) {
            all.append(e)
            e.children.forEach(collect)
        }
        collect(try DERParser.parse(original))
        elements = all
    }

    func mutate(_ kind: Kind, using rng: inout SplitMix64) -> [UInt8] {
        var b = original
        let pos = Int.random(in: 0..<b.count, using: &rng)
        let e = elements.randomElement(using: &rng)!
        switch kind {
        case .flipBit:
            b[pos] ^= 1 << UInt8.random(in: 0...7, using: &rng)
        case .setByte:
            b[pos] = [0x00, 0x01, 0x7F, 0x80, 0x81, 0xFF, UInt8.random(in: 0...255, using: &rng)].randomElement(
                using: &rng)!
        case .truncate:
            b.removeSubrange(pos...)
        case .insert:
            b.insert(contentsOf: rng.bytes(Int.random(in: 1...3, using: &rng)), at: pos)
        case .delete:
            b.removeSubrange(pos..<min(b.count, pos + Int.random(in: 1...3, using: &rng)))
        case .lengthEdit:
            let at = e.offset + 1
            let l0 = b[at]
            switch Int.random(in: 0..<6, using: &rng) {
            case 0: b[at] = l0 &+ 1
            case 1: b[at] = l0 &- 1
            case 2: b[at] = 0x80  // indefinite
            case 3: b[at] = 0xFF  // reserved
            case 4 where l0 < 0x80: b.replaceSubrange(at...at, with: [0x81, l0])  // non-minimal long form
            default: b.replaceSubrange(at...at, with: [0x82, 0x00] + (l0 < 0x80 ? [l0] : []))
            }
        case .tagEdit:
            let at = e.offset
            switch Int.random(in: 0..<5, using: &rng) {
            case 0: b[at] ^= 0x20  // primitive <-> constructed
            case 1: b[at] = (b[at] & 0x3F) | (UInt8.random(in: 0...3, using: &rng) << 6)  // class
            case 2: b[at] = (b[at] & 0xE0) | UInt8.random(in: 0...30, using: &rng)  // number
            case 3: b[at] = UInt8.random(in: 0...255, using: &rng)
            default: b.replaceSubrange(at...at, with: [b[at] | 0x1F, b[at] & 0x1F])  // non-minimal high form
            }
        case .swapSiblings:
            guard let parent = elements.filter({ $0.children.count >= 2 }).randomElement(using: &rng) else { return b }
            let i = Int.random(in: 0..<(parent.children.count - 1), using: &rng)
            let first = parent.children[i]
            let second = parent.children[i + 1]
            b.replaceSubrange(
                first.offset..<(second.offset + second.encoded.count),
                with: Array(second.encoded) + Array(first.encoded))
        case .treeEdit:
            return treeEdit(target: e.offset, using: &rng)
        }
        return b
    }

    /// Rewrites the whole tree with DERWriter, changing the element at `target` on the way.
    private func treeEdit(target: Int, using rng: inout SplitMix64) -> [UInt8] {
        let op = Int.random(in: 0..<7, using: &rng)
        let randomBytes = rng.bytes(Int.random(in: 0...4, using: &rng))
        let newTag = DERTag(
            [.universal, .contextSpecific, .contextSpecific, .application].randomElement(using: &rng)!,
            UInt32.random(in: 0...31, using: &rng))
        func emit(_ e: DERElement, into w: inout DERWriter) {
            guard e.offset == target else { return copy(e, into: &w) }
            switch op {
            case 0: return  // delete
            case 1:  // duplicate
                copy(e, into: &w)
                copy(e, into: &w)
            case 2:  // retag, keeping the form
                if e.isConstructed {
                    w.writeConstructed(newTag) { inner in e.children.forEach { emit($0, into: &inner) } }
                } else {
                    w.writePrimitive(newTag, content: e.content)
                }
            case 3:  // new primitive contents (a BOOLEAN becomes 00, 01 or FF)
                if e.isConstructed { return copy(e, into: &w) }
                let content = e.tag == .boolean ? [[0x00], [0x01], [0xFF]].randomElement(using: &rng)! : randomBytes
                w.writePrimitive(e.tag, content: content)
            case 4:  // redundant leading octet, as in a non-minimal INTEGER
                if e.isConstructed { return copy(e, into: &w) }
                w.writePrimitive(
                    e.tag, content: [e.content.first.map { $0 & 0x80 != 0 ? 0xFF : 0x00 } ?? 0x00] + e.content)
            case 5:  // wrap in a SEQUENCE
                w.writeSequence { copy(e, into: &$0) }
            default:  // insert a NULL before it
                w.writeNull()
                copy(e, into: &w)
            }
        }
        func copy(_ e: DERElement, into w: inout DERWriter) {
            if e.isConstructed {
                w.writeConstructed(e.tag) { inner in e.children.forEach { emit($0, into: &inner) } }
            } else {
                w.writePrimitive(e.tag, content: e.content)
            }
        }
        var w = DERWriter()
        emit(elements[0], into: &w)
        return w.bytes
    }
}
