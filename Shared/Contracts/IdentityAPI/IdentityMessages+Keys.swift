public import WireCodec

@WireMessage("Ask for the public keys that verify access tokens.")
public struct SigningKeysRequest: Sendable, Hashable {}

@WireMessage("Identity's public keys: the active one and those still verifying unexpired tokens.")
public struct SigningKeysReply: Sendable, Hashable {
  @Field(1, "The keys as a JSON Web Key Set, for ABONENT_AUTH_JWKS_FILE") public var jwks: String
  @Field(2, "The key id new tokens are signed with") public var activeKeyID: String
}

@WireMessage("Start signing with a new key; the old one keeps verifying until its tokens expire.")
public struct RotateSigningKeyRequest: Sendable, Hashable {}
