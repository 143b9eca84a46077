import EvidentLedger
import Foundation
import GRDB

/// `merkle_tiles` (``MerkleTile``): each whole tile of `merkle_nodes`' hashes as one 512-byte row,
/// so a proof reads about five rows instead of about twenty scattered nodes (issue #19, goal 6).
/// Created on the first append of a ledger made before it, which fills it from `merkle_nodes` in
/// that write transaction (no migration step); until then, and for a tile not yet whole, proofs
/// read the nodes. `evident ledger verify` checks what proofs read, tiles included.
extension SQLiteLedgerStore {
    static let tilesTable = """
        CREATE TABLE IF NOT EXISTS merkle_tiles (level INTEGER NOT NULL, idx INTEGER NOT NULL, hashes BLOB NOT NULL,
          PRIMARY KEY (level, idx)) STRICT, WITHOUT ROWID
        """

    /// Makes `merkle_tiles` if it is missing, with every tile the log of `size` leaves completes.
    static func ensureTiles(_ db: Database, size: UInt64) throws {
        guard try !db.tableExists("merkle_tiles") else { return }
        try db.execute(sql: tilesTable)
        var level = 0
        while (size >> UInt64(level * MerkleTile.height)) >= UInt64(MerkleTile.width) {
            let whole = (size >> UInt64(level * MerkleTile.height)) / UInt64(MerkleTile.width)
            // A tile whose nodes are not all there is left out: proofs read its nodes (and name
            // the missing one), appends go on, and `ledger verify` names it.
            for index in 0..<whole { try? writeTile(db, MerkleTile.Key(level: level, index: index)) }
            level += 1
        }
    }

    /// Stores tile `key` from its 16 nodes (all of which exist: the tile is whole).
    static func writeTile(_ db: Database, _ key: MerkleTile.Key) throws {
        let members = MerkleTile.members(key)
        let rows = try Data.fetchAll(
            db.cachedStatement(
                sql: "SELECT hash FROM merkle_nodes WHERE level = ? AND idx BETWEEN ? AND ? ORDER BY idx"),
            arguments: [members[0].level, Int64(members[0].index), Int64(members[members.count - 1].index)])
        guard rows.count == MerkleTile.width, rows.allSatisfy({ $0.count == MerkleHash.byteCount }) else {
            throw LedgerStoreError(
                .corrupt, "Merkle tile \(key.level)/\(key.index): \(rows.count) of its \(MerkleTile.width) nodes")
        }
        var bytes = Data(capacity: MerkleTile.byteCount)
        for row in rows { bytes.append(row) }
        try db.cachedStatement(sql: "INSERT OR IGNORE INTO merkle_tiles (level, idx, hashes) VALUES (?, ?, ?)")
            .execute(arguments: [key.level, Int64(key.index), bytes])
    }
}

/// A condition that, once true, stays true (a table that exists is never dropped).
final class OnceTrue: @unchecked Sendable {
    private var value = false
    private let lock = NSLock()

    /// True if it was seen true before, else what `check` says now.
    func has(_ check: () throws -> Bool) rethrows -> Bool {
        if lock.withLock({ value }) { return true }
        let now = try check()
        if now { lock.withLock { value = true } }
        return now
    }
}

extension SQLiteMerkleHashStore {
    /// Tile `key`'s hashes; empty when it is not stored (not whole yet).
    static func tile(_ db: Database, _ key: MerkleTile.Key) throws -> [MerkleHash] {
        guard
            let bytes = try Data.fetchOne(
                db.cachedStatement(sql: "SELECT hashes FROM merkle_tiles WHERE level = ? AND idx = ?"),
                arguments: [key.level, Int64(key.index)])
        else { return [] }
        guard let hashes = MerkleTile.hashes(bytes) else {
            throw MerkleError(.storeInconsistent, "Merkle tile \(key.level)/\(key.index) is not 16 hashes")
        }
        return hashes
    }

    /// Node `id`'s row of `merkle_nodes`, if there is one.
    static func node(_ db: Database, _ id: MerkleSubtreeID) throws -> MerkleHash? {
        try Data.fetchOne(
            db.cachedStatement(sql: "SELECT hash FROM merkle_nodes WHERE level = ? AND idx = ?"),
            arguments: [id.level, Int64(id.index)]
        ).map { try MerkleHash([UInt8]($0)) }
    }

    /// The hashes asked for, each from its tile when the tile is stored (one read per tile,
    /// whatever the number of nodes in it; tiles above the bottom one cached), else from its node.
    func tiledSubtreeHashes(_ db: Database, _ subtrees: [MerkleSubtreeID]) throws -> [MerkleHash] {
        let located = subtrees.map(MerkleTile.locate)
        // A ledger made before tiles has no such table until its first append (once seen, it stays).
        var tiles: [MerkleTile.Key: [MerkleHash]] = [:]
        if try tilesSeen.has({ try db.tableExists("merkle_tiles") }) {
            func fetch(_ keys: [MerkleTile.Key]) throws -> [[MerkleHash]] { try keys.map { try Self.tile(db, $0) } }
            var seen = Set<MerkleTile.Key>()
            let keys = located.map(\.key).filter { seen.insert($0).inserted }
            // The bottom tiles (level 0) are n/16 of them, each rarely read twice: not cached.
            let bottom = keys.filter { $0.level == 0 }, upper = keys.filter { $0.level > 0 }
            for (key, tile) in zip(bottom, try fetch(bottom)) { tiles[key] = tile }
            for (key, tile) in zip(upper, try tileCache.values(upper, keep: { !$1.isEmpty }, read: fetch)) {
                tiles[key] = tile
            }
        }
        return try zip(subtrees, located).map { id, at in
            if let tile = tiles[at.key], at.hashes.upperBound <= tile.count {
                return try MerkleTile.fold(tile[at.hashes])
            }
            guard let hash = try Self.node(db, id) else {
                throw MerkleError(.treeSizeOutOfRange, "subtree \(id) is not complete in this log")
            }
            return hash
        }
    }

    /// Each hash's node and, when its tile is stored, its fold from the tile — read past the
    /// caches (for `evident ledger verify`); none when the node is missing.
    func storedCopies(of subtrees: [MerkleSubtreeID]) throws -> [[MerkleHash]] {
        try pool.read { db in
            let hasTiles = try db.tableExists("merkle_tiles")
            var tiles: [MerkleTile.Key: [MerkleHash]] = [:]  // each read once per call
            return try subtrees.map { id in
                // The node is the copy appends build on: without it, no copy counts.
                guard let node = try Self.node(db, id) else { return [] }
                let (key, range) = MerkleTile.locate(id)
                if tiles[key] == nil { tiles[key] = hasTiles ? try Self.tile(db, key) : [] }
                let tile = tiles[key]!
                return tile.isEmpty ? [node] : [node, try MerkleTile.fold(tile[range])]
            }
        }
    }
}
