// A CAdES detached signature (the CMS inside a PAdES B-B signature), built with pkijs because
// @signpdf/signer-p12 (node-forge) cannot leave out signing-time nor add ESS signing-certificate-v2.
import { createHash, webcrypto } from 'node:crypto';
import * as asn1js from 'asn1js';
import * as pkijs from 'pkijs';
import type { KeyPair } from '../pki';
import { pemToDer, toArrayBuffer } from './pem';

const OID = {
  data: '1.2.840.113549.1.7.1',
  signedData: '1.2.840.113549.1.7.2',
  contentType: '1.2.840.113549.1.9.3',
  messageDigest: '1.2.840.113549.1.9.4',
  signingCertificateV2: '1.2.840.113549.1.9.16.2.47',
} as const;

const engine = new pkijs.CryptoEngine({ name: 'node-webcrypto', crypto: webcrypto as unknown as Crypto });

function parseCertificate(pem: string): { cert: pkijs.Certificate; der: Buffer } {
  const der = pemToDer(pem);
  return { cert: pkijs.Certificate.fromBER(toArrayBuffer(der)), der };
}

/** SigningCertificateV2 ::= SEQUENCE { certs SEQUENCE OF ESSCertIDv2 }, hashAlgorithm left at its DEFAULT sha256. */
function signingCertificateV2(cert: pkijs.Certificate, certDer: Buffer): asn1js.Sequence {
  const issuerSerial = new asn1js.Sequence({
    value: [
      new asn1js.Sequence({
        value: [new asn1js.Constructed({ idBlock: { tagClass: 3, tagNumber: 4 }, value: [cert.issuer.toSchema()] })],
      }),
      new asn1js.Integer({ valueHex: cert.serialNumber.valueBlock.valueHexView.slice().buffer }),
    ],
  });
  const essCertIdV2 = new asn1js.Sequence({
    value: [new asn1js.OctetString({ valueHex: toArrayBuffer(createHash('sha256').update(certDer).digest()) }), issuerSerial],
  });
  return new asn1js.Sequence({ value: [new asn1js.Sequence({ value: [essCertIdV2] })] });
}

/** DER ContentInfo(SignedData) over `data`, detached, SHA-256 with RSA, signed attributes as PAdES B-B wants them. */
export async function createCadesDetachedSignature(data: Buffer, signer: KeyPair): Promise<Buffer> {
  const leaf = parseCertificate(signer.certPem);
  const chain = signer.chainPems.map((pem) => parseCertificate(pem).cert);
  const digest = createHash('sha256').update(data).digest();

  const signedAttrs = new pkijs.SignedAndUnsignedAttributes({
    type: 0,
    attributes: [
      new pkijs.Attribute({ type: OID.contentType, values: [new asn1js.ObjectIdentifier({ value: OID.data })] }),
      new pkijs.Attribute({ type: OID.messageDigest, values: [new asn1js.OctetString({ valueHex: toArrayBuffer(digest) })] }),
      new pkijs.Attribute({ type: OID.signingCertificateV2, values: [signingCertificateV2(leaf.cert, leaf.der)] }),
    ],
  });
  const signedData = new pkijs.SignedData({
    version: 1,
    encapContentInfo: new pkijs.EncapsulatedContentInfo({ eContentType: OID.data }),
    signerInfos: [
      new pkijs.SignerInfo({
        version: 1,
        sid: new pkijs.IssuerAndSerialNumber({ issuer: leaf.cert.issuer, serialNumber: leaf.cert.serialNumber }),
        signedAttrs,
      }),
    ],
    // the root stays out: a verifier must bring its own trust anchor
    certificates: [leaf.cert, ...chain],
  });
  const privateKey = await webcrypto.subtle.importKey(
    'pkcs8',
    pemToDer(signer.keyPem),
    { name: 'RSASSA-PKCS1-v1_5', hash: 'SHA-256' },
    false,
    ['sign'],
  );
  await signedData.sign(privateKey as unknown as CryptoKey, 0, 'SHA-256', undefined, engine);
  const contentInfo = new pkijs.ContentInfo({ contentType: OID.signedData, content: signedData.toSchema(true) });
  return Buffer.from(contentInfo.toSchema().toBER(false));
}
