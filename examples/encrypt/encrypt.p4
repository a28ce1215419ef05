/*
 * encrypt: the paper's "simple encryption" case (Section IV.B). A link encryptor between two
 * ports: IPv4 traffic from the protected side is encrypted with AES-128-CBC and leaves with
 * EtherType 0x88B5 (IEEE local experimental); such frames from the other side are decrypted
 * and leave as IPv4 again.
 *
 * The parser extracts only the Ethernet header, so the whole IPv4 packet is the payload that
 * aes_encrypt_payload works on (PKCS#7 padding: it grows by 1 to 16 bytes) and that
 * aes_decrypt_payload restores. The `crypto_policy` table decides per packet, by ingress port,
 * EtherType and flow number (the low byte of the IPv4 destination), which key is used, so a
 * share of the traffic is encrypted: flows 0..19 are 20% of traffic whose destinations cycle
 * over 100 addresses. The encryption and decryption are p4ts extern sites.
 *
 * The key and IV come from the control plane (STF `p4ts_key`, entries JSON "p4ts_keys"). A
 * fixed IV per key keeps the example deterministic; it is not how to encrypt real traffic.
 */
#include <core.p4>
#include <v1model.p4>
#include <p4ts.p4>

header ethernet_h {
    bit<48> dst;
    bit<48> src;
    bit<16> ether_type;
}

header ipv4_h {
    bit<4>  version;
    bit<4>  ihl;
    bit<8>  diffserv;
    bit<16> total_len;
    bit<16> identification;
    bit<3>  flags;
    bit<13> frag_offset;
    bit<8>  ttl;
    bit<8>  protocol;
    bit<16> hdr_checksum;
    bit<32> src_addr;
    bit<32> dst_addr;
}

struct headers_t {
    ethernet_h ethernet;
}

struct crypto_meta_t {
    bit<8> flow;
}

const bit<16> ETHERTYPE_IPV4 = 0x0800;
const bit<16> ETHERTYPE_ENCRYPTED = 0x88B5;

parser CryptoParser(packet_in pkt, out headers_t hdr, inout crypto_meta_t meta,
                    inout standard_metadata_t std_meta) {
    state start {
        pkt.extract(hdr.ethernet);
        transition select(hdr.ethernet.ether_type) {
            ETHERTYPE_IPV4: flow_of_ipv4;
            default: accept;
        }
    }

    state flow_of_ipv4 {
        ipv4_h ip = pkt.lookahead<ipv4_h>();
        meta.flow = ip.dst_addr[7:0];
        transition accept;
    }
}

control CryptoVerifyChecksum(inout headers_t hdr, inout crypto_meta_t meta) {
    apply { }
}

control CryptoIngress(inout headers_t hdr, inout crypto_meta_t meta,
                      inout standard_metadata_t std_meta) {
    counter(3, CounterType.packets) crypto_hits;

    action encrypt(bit<32> key, bit<9> port) {
        crypto_hits.count(0);
        aes_encrypt_payload(key, 0);
        hdr.ethernet.ether_type = ETHERTYPE_ENCRYPTED;
        std_meta.egress_spec = port;
    }

    action decrypt(bit<32> key, bit<9> port) {
        crypto_hits.count(1);
        aes_decrypt_payload(key, 0);
        hdr.ethernet.ether_type = ETHERTYPE_IPV4;
        std_meta.egress_spec = port;
    }

    action forward(bit<9> port) {
        crypto_hits.count(2);
        std_meta.egress_spec = port;
    }

    action drop() {
        mark_to_drop(std_meta);
    }

    table crypto_policy {
        key = {
            std_meta.ingress_port    : exact;
            hdr.ethernet.ether_type  : exact;
            meta.flow                : range;
        }
        actions = { encrypt; decrypt; forward; drop; }
        default_action = drop();
        size = 256;
    }

    apply {
        crypto_policy.apply();
    }
}

control CryptoEgress(inout headers_t hdr, inout crypto_meta_t meta,
                     inout standard_metadata_t std_meta) {
    apply { }
}

control CryptoComputeChecksum(inout headers_t hdr, inout crypto_meta_t meta) {
    apply { }
}

control CryptoDeparser(packet_out pkt, in headers_t hdr) {
    apply {
        pkt.emit(hdr.ethernet);
    }
}

V1Switch(CryptoParser(), CryptoVerifyChecksum(), CryptoIngress(), CryptoEgress(),
         CryptoComputeChecksum(), CryptoDeparser()) main;
