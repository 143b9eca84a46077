/*
 * ErsExperiments - the hand-built evidence records behind FINDINGS.md section C.
 *
 * Each experiment assembles an RFC 4998 EvidenceRecord from BC 1.72's ASN.1 classes
 * (PartialHashtree, ArchiveTimeStamp, ArchiveTimeStampChain, ...), with real tokens
 * from an RFC 3161 TSA over a root hash we compute ourselves by a stated formula,
 * and asks BC 1.72 to check it the way ErsOracle verify does:
 *   1. new ERSEvidenceRecord(...)   (per-chain renewal check, previous-chains hash)
 *   2. validatePresent(data, now)   (data in the first ATS of the last chain)
 *   3. validate(verifier)           (all earlier ATS of the last chain in the last ATS;
 *                                    last token's signature)
 * It prints one line per experiment: PASS, or FAIL with the step and BC's message.
 *
 *   CP=/usr/share/java/bcprov.jar:/usr/share/java/bcpkix.jar:/usr/share/java/bcutil.jar
 *   javac -cp $CP -d OUT Tests/oracles/ers/ErsOracle.java Tests/oracles/ers/experiments/ErsExperiments.java
 *   java -cp OUT:$CP ErsExperiments http://127.0.0.1:PORT/
 */

import java.security.MessageDigest;
import java.security.Security;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Date;
import java.util.List;

import org.bouncycastle.asn1.ASN1Encodable;
import org.bouncycastle.asn1.ASN1EncodableVector;
import org.bouncycastle.asn1.ASN1Encoding;
import org.bouncycastle.asn1.DERNull;
import org.bouncycastle.asn1.DERSequence;
import org.bouncycastle.asn1.cms.ContentInfo;
import org.bouncycastle.asn1.nist.NISTObjectIdentifiers;
import org.bouncycastle.asn1.tsp.ArchiveTimeStamp;
import org.bouncycastle.asn1.tsp.ArchiveTimeStampChain;
import org.bouncycastle.asn1.tsp.ArchiveTimeStampSequence;
import org.bouncycastle.asn1.tsp.EvidenceRecord;
import org.bouncycastle.asn1.tsp.PartialHashtree;
import org.bouncycastle.asn1.x509.AlgorithmIdentifier;
import org.bouncycastle.jce.provider.BouncyCastleProvider;
import org.bouncycastle.tsp.TimeStampRequest;
import org.bouncycastle.tsp.TimeStampToken;
import org.bouncycastle.tsp.ers.ERSByteData;
import org.bouncycastle.tsp.ers.ERSData;
import org.bouncycastle.tsp.ers.ERSDataGroup;
import org.bouncycastle.tsp.ers.ERSEvidenceRecord;

public class ErsExperiments
{
    static String tsa;
    static final AlgorithmIdentifier SHA256 = new AlgorithmIdentifier(NISTObjectIdentifiers.id_sha256);
    static final AlgorithmIdentifier SHA512 = new AlgorithmIdentifier(NISTObjectIdentifiers.id_sha512);

    public static void main(String[] args) throws Exception
    {
        Security.addProvider(new BouncyCastleProvider());
        tsa = args[0];

        byte[] d = "single data object\n".getBytes("UTF-8");
        byte[] hd = h(d);
        byte[] sib = h("a sibling leaf".getBytes("UTF-8"));
        byte[] s1 = h("s1".getBytes("UTF-8"));
        byte[] s2 = h("s2".getBytes("UTF-8"));
        byte[] s3 = h("s3".getBytes("UTF-8"));

        List<ERSData> members = new ArrayList<ERSData>();
        byte[][] mh = new byte[5][];
        for (int i = 0; i != 5; i++)
        {
            byte[] m = ("group member " + (i + 1) + "\n").getBytes("UTF-8");
            members.add(new ERSByteData(m));
            mh[i] = h(m);
        }
        ERSDataGroup group = new ERSDataGroup(members);
        ERSData member3 = new ERSByteData(("group member 3\n").getBytes("UTF-8"));
        byte[] groupNode = h(sortcat(mh));            // BC: node hash of a multi-value list

        section("(iv) single data object");
        {
            ContentInfo t = stamp(SHA256, hd);
            run("no reducedHashtree, imprint = h(d)", er(ats(null, null, t)), data(d));
            run("reducedHashtree [[h(d)]], imprint = h(d)", er(ats(SHA256, lists(l(hd)), stamp(SHA256, hd))), data(d));
            run("reducedHashtree [[h(d)]], imprint = H(h(d))", er(ats(SHA256, lists(l(hd)), stamp(SHA256, h(hd)))), data(d));
            run("[[h(d), sib]], imprint = H(sorted(h(d), sib))", er(ats(SHA256, lists(l(hd, sib)), stamp(SHA256, h(sortcat(hd, sib))))), data(d));
            run("[[sib, h(d)]] (list unsorted in DER), imprint = H(sorted)", er(ats(SHA256, lists(l(sortcat2desc(hd, sib))), stamp(SHA256, h(sortcat(hd, sib))))), data(d));
            run("[[h(d), sib]], imprint = H(concat in DESCENDING order)", er(ats(SHA256, lists(l(hd, sib)), stamp(SHA256, h(cat(desc(hd, sib)))))), data(d));
            run("[[h(d)],[sib]], imprint = H(sorted(h(d), sib))", er(ats(SHA256, lists(l(hd), l(sib)), stamp(SHA256, h(sortcat(hd, sib))))), data(d));
            run("digestAlgorithm field absent but reducedHashtree present", er(ats(null, lists(l(hd, sib)), stamp(SHA256, h(sortcat(hd, sib))))), data(d));
            run("digestAlgorithm = sha256 WITH NULL params, TSA imprint alg without", er(ats(new AlgorithmIdentifier(NISTObjectIdentifiers.id_sha256, DERNull.INSTANCE), lists(l(hd, sib)), stamp(SHA256, h(sortcat(hd, sib))))), data(d));
            EvidenceRecord e = er(ats(null, null, t));
            run("EvidenceRecord.digestAlgorithms lists sha512 only (field ignored?)",
                new EvidenceRecord(new AlgorithmIdentifier[]{SHA512}, null, null, e.getArchiveTimeStampSequence()), data(d));
        }

        section("multi-value lists after the first: RFC formula vs BC formula");
        {
            byte[] n1 = h(sortcat(hd, sib));
            byte[] rfc = h(sortcat(n1, s1, s2));          // RFC 4998 4.3: add computed hash to the next list, sort, hash
            byte[] bc = h(sortcat(n1, h(sortcat(s1, s2)))); // hash next list first, then pair
            run("[[h(d),sib],[s1,s2]] imprint = H(sorted(n1,s1,s2))  (RFC 4998 sec 4.3)", er(ats(SHA256, lists(l(hd, sib), l(s1, s2)), stamp(SHA256, rfc))), data(d));
            run("[[h(d),sib],[s1,s2]] imprint = H(sorted(n1, H(sorted(s1,s2))))", er(ats(SHA256, lists(l(hd, sib), l(s1, s2)), stamp(SHA256, bc))), data(d));
            byte[] three = h(sortcat(h(sortcat(h(sortcat(hd, sib, s3)), s1)), s2));
            run("[[h(d),sib,s3],[s1],[s2]] imprint = H(sort(H(sort(H(sort(h(d),sib,s3)),s1)),s2))", er(ats(SHA256, lists(l(hd, sib, s3), l(s1), l(s2)), stamp(SHA256, three))), data(d));
        }

        section("(i)/(ii) data group of 5 members");
        {
            byte[] rootI = h(sortcat(h(sortcat(groupNode, s1)), s2));
            EvidenceRecord eI = er(ats(SHA256, lists(l(mh), l(s1), l(s2)), stamp(SHA256, rootI)));
            run("(i) [[m1..m5],[s1],[s2]], imprint = H(sort(H(sort(H(sort(m1..m5)),s1)),s2)); check group", eI, group);
            run("(i) same record; check member 3 alone (--data)", eI, member3);
            EvidenceRecord eII = er(ats(SHA256, lists(l(mh)), stamp(SHA256, groupNode)));
            run("(ii) [[m1..m5]] only, imprint = H(sorted m1..m5); check group", eII, group);
            run("(ii) same record; check member 3 alone", eII, member3);
            byte[][] unsorted = new byte[][]{mh[4], mh[0], mh[3], mh[2], mh[1]};
            run("(ii) list stored unsorted in DER; check group", er(ats(SHA256, lists(l(unsorted)), stamp(SHA256, groupNode))), group);
            run("(ii) [[m1..m5]] but imprint = H(m1||..||m5) in file order (unsorted)", er(ats(SHA256, lists(l(unsorted)), stamp(SHA256, h(cat(unsorted))))), group);
            EvidenceRecord eNo = er(ats(null, null, stamp(SHA256, groupNode)));
            run("no reducedHashtree, imprint = group hash H(sorted m1..m5); check group", eNo, group);
            run("no reducedHashtree, imprint = group hash; check member 3", eNo, member3);
            run("[[groupHash, s1]] (group hash as one leaf, RFC-style); check group",
                er(ats(SHA256, lists(l(groupNode, s1)), stamp(SHA256, h(sortcat(groupNode, s1))))), group);
            run("[[groupHash],[s1]]; check group",
                er(ats(SHA256, lists(l(groupNode), l(s1)), stamp(SHA256, h(sortcat(groupNode, s1))))), group);
            byte[][] four = Arrays.copyOf(mh, 4);
            run("first list = 4 of the 5 members; check group of 5", er(ats(SHA256, lists(l(four)), stamp(SHA256, h(sortcat(four))))), group);
            byte[][] six = Arrays.copyOf(mh, 6);
            six[5] = s1;
            run("first list = 5 members + 1 extra; check group of 5", er(ats(SHA256, lists(l(six)), stamp(SHA256, h(sortcat(six))))), group);
        }

        section("(iii) time-stamp renewal (one chain, sha256)");
        {
            ArchiveTimeStamp a0 = ats(null, null, stamp(SHA256, hd));
            byte[] t0 = tsHash(a0);
            ArchiveTimeStamp a1 = ats(null, null, stamp(SHA256, t0));
            byte[] t1 = tsHash(a1);
            run("2 ATS: ATS1 no tree, imprint = H(ts0 DER)", er(a0, a1), data(d));
            run("2 ATS: ATS1 imprint = H(whole ATS0 DER)", er(a0, ats(null, null, stamp(SHA256, h(a0.getEncoded(ASN1Encoding.DER))))), data(d));
            run("2 ATS: ATS1 [[H(ts0)]], imprint = H(H(ts0))", er(a0, ats(SHA256, lists(l(t0)), stamp(SHA256, h(t0)))), data(d));
            run("2 ATS: ATS1 [[H(ts0), s1]], imprint = H(sorted)", er(a0, ats(SHA256, lists(l(t0, s1)), stamp(SHA256, h(sortcat(t0, s1))))), data(d));
            run("2 ATS: ATS1 [[s1],[H(ts0)]] (ts hash not in FIRST list)", er(a0, ats(SHA256, lists(l(s1), l(t0)), stamp(SHA256, h(sortcat(t0, s1))))), data(d));
            run("3 ATS: ATS2 covers only H(ts1): no tree, imprint = H(ts1)  (RFC 4998 5.2)", er(a0, a1, ats(null, null, stamp(SHA256, t1))), data(d));
            run("3 ATS: ATS2 [[H(ts1), s1]] (only previous ts + sibling)", er(a0, a1, ats(SHA256, lists(l(t1, s1)), stamp(SHA256, h(sortcat(t1, s1))))), data(d));
            run("3 ATS: ATS2 [[H(ts0), H(ts1)]], imprint = H(sorted)  (BC's own form)", er(a0, a1, ats(SHA256, lists(l(t0, t1)), stamp(SHA256, h(sortcat(t0, t1))))), data(d));
            run("3 ATS: ATS2 [[H(ts1)],[H(ts0)]] (ts0 in 2nd list only)", er(a0, a1, ats(SHA256, lists(l(t1), l(t0)), stamp(SHA256, h(sortcat(t0, t1))))), data(d));
            ArchiveTimeStamp a1b = ats(SHA256, lists(l(t0)), stamp(SHA256, t0));
            byte[] t1b = tsHash(a1b);
            run("2 ATS: ATS1 has digestAlgorithm field, ATS0 has none (same sha256)", er(a0, a1b), data(d));
            AlgorithmIdentifier sha256Null = new AlgorithmIdentifier(NISTObjectIdentifiers.id_sha256, DERNull.INSTANCE);
            run("2 ATS: ATS0 no field (token sha256, absent params), ATS1 field sha256 WITH NULL params",
                er(a0, ats(sha256Null, lists(l(t0, s1)), stamp(SHA256, h(sortcat(t0, s1))))), data(d));
            run("2 ATS: ATS1 no field, its token's imprint alg sha256 WITH NULL params",
                er(a0, ats(null, null, stamp(sha256Null, t0))), data(d));
            ArchiveTimeStamp a2 = ats(null, null, stamp(SHA256, h(sortcat(t0, t1))));
            run("3 ATS: ATS2 no tree, imprint = H(sorted(H(ts0),H(ts1))) (list omitted)", er(a0, a1, a2), data(d));
            ArchiveTimeStamp a2b = ats(SHA256, lists(l(t0, t1)), stamp(SHA256, h(sortcat(t0, t1))));
            ArchiveTimeStamp a3 = ats(SHA256, lists(l(tsHash(a2b), s1)), stamp(SHA256, h(sortcat(tsHash(a2b), s1))));
            run("4 ATS: ATS3 [[H(ts2), s1]] only (ATS2 had all) -- last must list ALL earlier", er(a0, a1, a2b, a3), data(d));
            run("2 ATS: ATS1 renews with sha512 in the same chain", er(a0, ats(null, null, stamp(SHA512, h512(a0.getTimeStamp().getEncoded(ASN1Encoding.DER))))), data(d));
        }

        section("hash-tree renewal (new chain, sha512)");
        {
            ArchiveTimeStamp a0 = ats(null, null, stamp(SHA256, hd));
            ArchiveTimeStamp a1 = ats(null, null, stamp(SHA256, tsHash(a0)));
            ArchiveTimeStampChain c0 = new ArchiveTimeStampChain(new ArchiveTimeStamp[]{a0, a1});
            byte[] seqDer = new ArchiveTimeStampSequence(c0).getEncoded(ASN1Encoding.DER);
            byte[] chainDer = c0.getEncoded(ASN1Encoding.DER);
            byte[] ha = h512(seqDer);
            byte[] hd5 = h512(d);
            run("leaf = H(h(d) || ha), ha = H(DER SEQUENCE OF chains)", er2(c0, ats(null, null, stamp(SHA512, h512(cat(hd5, ha))))), data(d));
            run("leaf = H(ha || h(d))", er2(c0, ats(null, null, stamp(SHA512, h512(cat(ha, hd5))))), data(d));
            run("leaf = H(sorted(h(d), ha))", er2(c0, ats(null, null, stamp(SHA512, h512(sortcat(hd5, ha))))), data(d));
            byte[] haNoOuter = h512(chainDer);
            run("leaf = H(h(d) || ha'), ha' = H(chains without outer SEQUENCE)", er2(c0, ats(null, null, stamp(SHA512, h512(cat(hd5, haNoOuter))))), data(d));
            run("leaf = h(d) alone (no ha)", er2(c0, ats(null, null, stamp(SHA512, hd5))), data(d));
            byte[] leaf = h512(cat(hd5, ha));
            byte[] sib5 = h512("sib".getBytes("UTF-8"));
            run("[[leaf, sib]] with digestAlgorithm sha512", er2(c0, ats(SHA512, lists(l(leaf, sib5)), stamp(SHA512, h512(sortcat(leaf, sib5))))), data(d));
            // group under hash renewal: each member's leaf is H(h(mi) || ha)
            byte[][] gl = new byte[5][];
            for (int i = 0; i != 5; i++)
            {
                gl[i] = h512(cat(h512(("group member " + (i + 1) + "\n").getBytes("UTF-8")), ha));
            }
            ArchiveTimeStamp g0 = ats(SHA256, lists(l(mh)), stamp(SHA256, groupNode));
            ArchiveTimeStampChain gc0 = new ArchiveTimeStampChain(g0);
            byte[] gha = h512(new ArchiveTimeStampSequence(gc0).getEncoded(ASN1Encoding.DER));
            for (int i = 0; i != 5; i++)
            {
                gl[i] = h512(cat(h512(("group member " + (i + 1) + "\n").getBytes("UTF-8")), gha));
            }
            run("group: new chain [[H(h(m1)||ha)..H(h(m5)||ha)]], imprint = H(sorted)",
                er2(gc0, ats(SHA512, lists(l(gl)), stamp(SHA512, h512(sortcat(gl))))), group);
            byte[] gAsOne = h512(cat(h512(sortcat(h512s(members5()))), gha));
            run("group: new chain leaf = H(groupHash || ha) (one value, no tree)",
                er2(gc0, ats(null, null, stamp(SHA512, gAsOne))), group);
            // older chain covering OTHER data: only the newest chain's first ATS is checked for the data.
            ArchiveTimeStamp x0 = ats(null, null, stamp(SHA256, h("something else".getBytes("UTF-8"))));
            ArchiveTimeStampChain xc = new ArchiveTimeStampChain(x0);
            byte[] xha = h512(new ArchiveTimeStampSequence(xc).getEncoded(ASN1Encoding.DER));
            run("chain 0 covers OTHER data; chain 1 leaf = H(h(d)||ha) -- accepted?", er2(xc, ats(null, null, stamp(SHA512, h512(cat(hd5, xha))))), data(d));
        }
    }

    static byte[][] members5() throws Exception
    {
        byte[][] r = new byte[5][];
        for (int i = 0; i != 5; i++)
        {
            r[i] = ("group member " + (i + 1) + "\n").getBytes("UTF-8");
        }
        return r;
    }

    static byte[][] h512s(byte[][] in) throws Exception
    {
        byte[][] r = new byte[in.length][];
        for (int i = 0; i != in.length; i++)
        {
            r[i] = h512(in[i]);
        }
        return r;
    }

    // ------------------------------------------------------------------ checking

    static void section(String s)
    {
        System.out.println("\n## " + s);
    }

    static void run(String name, EvidenceRecord er, ERSData data)
    {
        System.out.println(String.format("%-4s %s", "", name));
        System.out.println("       -> " + check(er, data));
    }

    static String check(EvidenceRecord asn1, ERSData data)
    {
        ERSEvidenceRecord er;
        try
        {
            er = new ERSEvidenceRecord(asn1.getEncoded(ASN1Encoding.DER), ErsOracle.digestProvider());
        }
        catch (Exception e)
        {
            return "FAIL parse/chain: " + ErsOracle.oneLine(e);
        }
        try
        {
            er.validatePresent(data, new Date());
        }
        catch (Exception e)
        {
            return "FAIL validatePresent: " + ErsOracle.oneLine(e);
        }
        try
        {
            ArchiveTimeStampChain[] chains = asn1.getArchiveTimeStampSequence().getArchiveTimeStampChains();
            ArchiveTimeStamp[] last = chains[chains.length - 1].getArchiveTimestamps();
            TimeStampToken tok = new TimeStampToken(last[last.length - 1].getTimeStamp());
            er.validate(ErsOracle.verifierFor(tok, "last"));
        }
        catch (Exception e)
        {
            return "FAIL validate: " + ErsOracle.oneLine(e);
        }
        return "PASS";
    }

    static ERSData data(byte[] d)
    {
        return new ERSByteData(d);
    }

    // ------------------------------------------------------------------ building

    static ContentInfo stamp(AlgorithmIdentifier alg, byte[] imprint) throws Exception
    {
        TimeStampRequest req = ErsOracle.requestGenerator().generate(alg, imprint, ErsOracle.nonce());
        return ErsOracle.postTsa(tsa, req).getTimeStampToken().toCMSSignedData().toASN1Structure();
    }

    static ArchiveTimeStamp ats(AlgorithmIdentifier digAlg, PartialHashtree[] tree, ContentInfo tok)
    {
        return new ArchiveTimeStamp(digAlg, tree, tok);
    }

    static PartialHashtree l(byte[]... v)
    {
        return new PartialHashtree(v);
    }

    static PartialHashtree[] lists(PartialHashtree... p)
    {
        return p;
    }

    static EvidenceRecord er(ArchiveTimeStamp... chain0)
    {
        return new EvidenceRecord(new AlgorithmIdentifier[]{chain0[0].getDigestAlgorithmIdentifier()}, null, null,
            new ArchiveTimeStampSequence(new ArchiveTimeStampChain(chain0)));
    }

    static EvidenceRecord er2(ArchiveTimeStampChain c0, ArchiveTimeStamp... chain1)
    {
        return new EvidenceRecord(new AlgorithmIdentifier[]{c0.getArchiveTimestamps()[0].getDigestAlgorithmIdentifier(), chain1[0].getDigestAlgorithmIdentifier()}, null, null,
            new ArchiveTimeStampSequence(new ArchiveTimeStampChain[]{c0, new ArchiveTimeStampChain(chain1)}));
    }

    /** Hash of the DER of the ATS's timeStamp (ContentInfo) field, sha256. */
    static byte[] tsHash(ArchiveTimeStamp a) throws Exception
    {
        return h(a.getTimeStamp().getEncoded(ASN1Encoding.DER));
    }

    // ------------------------------------------------------------------ hashing

    static byte[] h(byte[] b) throws Exception
    {
        return MessageDigest.getInstance("SHA-256").digest(b);
    }

    static byte[] h512(byte[] b) throws Exception
    {
        return MessageDigest.getInstance("SHA-512").digest(b);
    }

    static byte[] cat(byte[]... parts)
    {
        int n = 0;
        for (byte[] p : parts)
        {
            n += p.length;
        }
        byte[] r = new byte[n];
        int o = 0;
        for (byte[] p : parts)
        {
            System.arraycopy(p, 0, r, o, p.length);
            o += p.length;
        }
        return r;
    }

    /** Concatenation in binary ascending order (unsigned bytewise), as RFC 4998 and BC sort. */
    static byte[] sortcat(byte[]... parts)
    {
        byte[][] c = parts.clone();
        Arrays.sort(c, ErsExperiments::cmp);
        return cat(c);
    }

    static byte[][] desc(byte[] a, byte[] b)
    {
        return cmp(a, b) > 0 ? new byte[][]{a, b} : new byte[][]{b, a};
    }

    static byte[][] sortcat2desc(byte[] a, byte[] b)
    {
        return desc(a, b);
    }

    static int cmp(byte[] a, byte[] b)
    {
        for (int i = 0; i < a.length && i < b.length; i++)
        {
            int x = a[i] & 0xff, y = b[i] & 0xff;
            if (x != y)
            {
                return x - y;
            }
        }
        return a.length - b.length;
    }
}
