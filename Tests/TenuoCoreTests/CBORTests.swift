import Testing
@testable import TenuoCore

@Suite struct CBORTests {
    @Test func shortestFloats() {
        #expect(CBOR.float(0.0).encoded() == [0xf9, 0x00, 0x00])
        #expect(CBOR.float(100.0).encoded() == [0xf9, 0x56, 0x40])
        #expect(CBOR.float(10000.0).encoded() == [0xf9, 0x70, 0xe2])
        #expect(CBOR.float(50.0).encoded() == [0xf9, 0x52, 0x40])
        #expect(CBOR.float(1.0).encoded() == [0xf9, 0x3c, 0x00])
        #expect(CBOR.float(-0.0).encoded() == [0xf9, 0x80, 0x00])
        #expect(CBOR.float(0.1).encoded().first == 0xfb)
        #expect(CBOR.float(0.5).encoded() == [0xf9, 0x38, 0x00])
        #expect(CBOR.float(100000.0).encoded() == [0xfa, 0x47, 0xc3, 0x50, 0x00])
        #expect(CBOR.float(5.960464477539063e-08).encoded() == [0xf9, 0x00, 0x01])
    }

    @Test func halfRoundTrip() throws {
        for bits in UInt16(0)...UInt16(0x7bff) {
            let d = CBORFloat.fromHalf(bits)
            #expect(CBORFloat.half(d) == bits)
        }
    }

    @Test func rejectsNonCanonical() {
        let bad: [[UInt8]] = [
            [0x18, 0x05],  // non-shortest uint
            [0x9f, 0x01, 0xff],  // indefinite array
            [0xa2, 0x01, 0x02, 0x01, 0x03],  // duplicate key
            [0x01, 0x02],  // trailing
            [0xc0, 0x01],  // tag
            [0xf7],  // undefined
            [0x62, 0xc3, 0x28],  // bad utf-8
            [0x5a, 0xff, 0xff, 0xff, 0xff],  // huge length
            [0x9b, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff],
        ]
        for b in bad {
            #expect(throws: TenuoError.self) { try CBORReader.decode(b) }
        }
    }

    /// Arrays of small unsigned integers (how serde writes keys and hashes) take an inline path:
    /// it must accept and refuse exactly what the general reader does.
    @Test func smallUIntArrays() throws {
        #expect(try CBORReader.decode([0x83, 0x00, 0x17, 0x18, 0x18]) == .array([.unsigned(0), .unsigned(23), .unsigned(24)]))
        #expect(try CBORReader.decode([0x82, 0x18, 0xff, 0x61, 0x61]) == .array([.unsigned(255), .text("a")]))
        #expect(try CBORReader.decode([0x83, 0x01, 0x20, 0x02]) == .array([.unsigned(1), .negative(0), .unsigned(2)]))
        #expect(try CBORReader.decode([0x82, 0x19, 0x01, 0x00, 0x05]) == .array([.unsigned(256), .unsigned(5)]))
        #expect(try CBORReader.decode([0x82, 0x81, 0x07, 0x08]) == .array([.array([.unsigned(7)]), .unsigned(8)]))
        let bad: [[UInt8]] = [
            [0x82, 0x01, 0x18, 0x05],  // non-shortest uint inside the array
            [0x82, 0x01, 0x18],  // truncated head at the end
            [0x83, 0x01, 0x02],  // too few items
            [0x81, 0x01, 0x02],  // trailing
            [0x82, 0x01, 0x1f],  // reserved / indefinite info
        ]
        for b in bad {
            #expect(throws: TenuoError.self) { try CBORReader.decode(b) }
        }
        // The item limit counts inline items too.
        #expect(throws: TenuoError.self) { try CBORReader.decode([0x83, 0x01, 0x02, 0x03], limits: CBORLimits(maxItems: 3)) }
        #expect(try CBORReader.decode([0x83, 0x01, 0x02, 0x03], limits: CBORLimits(maxItems: 4)).array?.count == 3)
    }

    @Test func depthLimit() throws {
        let deep = [UInt8](repeating: 0x81, count: 200) + [0x01]
        #expect(throws: TenuoError.self) { try CBORReader.decode(deep) }
        // 32 nested Not/All constraints take 2 levels each, inside a warrant's tools map.
        _ = try CBORReader.decode([UInt8](repeating: 0x81, count: 128) + [0x01])
        #expect(throws: TenuoError.self) { try CBORReader.decode([UInt8](repeating: 0x81, count: 129) + [0x01]) }
    }

    @Test func roundTrip() throws {
        let v = CBOR.map([CBORPair(.unsigned(0), .text("x")), CBORPair(.text("a"), .array([.int(-5), .float(1.5), .null, .bool(true)]))])
        #expect(try CBORReader.decode(v.encoded()) == v)
    }
}
