import Testing
@testable import EvidentDER
@Test func smoke() throws { #expect(try DERParser.parse([0x05, 0x00]).tag == .null) }
