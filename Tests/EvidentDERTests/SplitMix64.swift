import EvidentTestSupport

/// The shared seeded generator (Tests/EvidentTestSupport/SplitMix64.swift).
typealias SplitMix64 = EvidentTestSupport.SplitMix64
