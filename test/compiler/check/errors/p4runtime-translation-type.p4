// The controller type of @p4runtime_translation is `string`, `bit<N>` or a width.
@p4runtime_translation("example.org/port", bool)
type bit<9> Port_t;
@p4runtime_translation("example.org/vlan", bit<12>)
type bit<12> Vlan_t;
