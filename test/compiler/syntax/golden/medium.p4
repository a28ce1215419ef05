// A small router, written for the parser's golden AST test.
error { BadVersion }
match_kind { exact, ternary, lpm }

typedef bit<48> mac_t;
enum bit<16> EtherType { IPV4 = 0x0800, VLAN = 0x8100 }

header ethernet_t { mac_t dst; mac_t src; bit<16> etherType; }
header ipv4_t {
    bit<4> version; bit<4> ihl; bit<8> tos; bit<16> len;
    bit<8> ttl; bit<8> protocol; bit<16> checksum;
    bit<32> src; bit<32> dst;
}
struct headers_t { ethernet_t eth; ipv4_t ipv4; }
struct meta_t { bit<9> port; bool drop; }

extern Counter<I> {
    Counter(bit<32> size);
    void count(in I index);
}

parser RouterParser(packet_in pkt, out headers_t hdr, inout meta_t meta) {
    state start {
        pkt.extract(hdr.eth);
        transition select(hdr.eth.etherType) {
            EtherType.IPV4: parse_ipv4;
            default: accept;
        }
    }
    state parse_ipv4 {
        pkt.extract(hdr.ipv4);
        verify(hdr.ipv4.version == 4, error.BadVersion);
        transition accept;
    }
}

control Ingress(inout headers_t hdr, inout meta_t meta) {
    Counter<bit<8>>(256) hits;

    action forward(mac_t dst, bit<9> port) {
        hdr.eth.src = hdr.eth.dst;
        hdr.eth.dst = dst;
        meta.port = port;
        hdr.ipv4.ttl = hdr.ipv4.ttl |-| 1;
    }
    action drop() { meta.drop = true; }

    @name("routes")
    table lpm_routes {
        key = { hdr.ipv4.dst: lpm @name("dst"); }
        actions = { forward; @defaultonly drop; }
        const default_action = drop();
        size = 1024;
        const entries = {
            0x0a000000 &&& 0xff000000: forward(48w1, 1);
            priority = 2: 0x0b000000 &&& 0xff000000: drop();
        }
    }

    apply {
        if (!hdr.ipv4.isValid()) {
            drop();
            return;
        }
        switch (lpm_routes.apply().action_run) {
            forward: { hits.count((bit<8>) meta.port); }
            default: { }
        }
        bit<16> sum = (bit<16>) hdr.ipv4.ttl + hdr.ipv4.len >> 1;
        hdr.ipv4.checksum = sum ++ 8w0 == 0 ? 16w0 : sum[15:0];
    }
}

control Deparser<H>(packet_out pkt, in H hdr);
package Switch<H, M>(RouterParser p, Ingress ig);
Switch(RouterParser(), Ingress()) main;
