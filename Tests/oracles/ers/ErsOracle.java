/*
 * ErsOracle - an RFC 4998 Evidence Record interoperability oracle for Evident.
 *
 * It drives BouncyCastle 1.72's org.bouncycastle.tsp.ers API (the version Debian
 * ships as bcprov/bcpkix/bcutil 1.72) so that evidence records written by Evident
 * can be checked by an independent implementation, and records written by BC can
 * be handed to Evident. Nothing here re-implements RFC 4998: every hash-tree,
 * renewal and presence decision is BC's own. See FINDINGS.md next to this file
 * for the exact rules BC 1.72 applies.
 *
 * Build and run (no build tool):
 *   CP=/usr/share/java/bcprov.jar:/usr/share/java/bcpkix.jar:/usr/share/java/bcutil.jar
 *   javac -cp $CP -d OUT Tests/oracles/ers/ErsOracle.java
 *   java -cp OUT:$CP ErsOracle CMD ...
 *
 * Commands (exit 0 on success; on failure exit 1 with one line on stderr;
 * exit 2 on bad usage):
 *   verify     --er FILE (--data F ... | --group F ... | --data-hash HEX ...) [--root CERT.pem]
 *              (--data-hash: the object's hash as it must appear in the first list of the
 *              first ATS of the last chain - for corpus records whose data is not at hand)
 *   make       --tsa URL --out ER (--data F ... | --group F ...) [--hash sha256|sha384|sha512]
 *              (several --data give one record per object: OUT.0, OUT.1, ... in argument order)
 *   renew-ts   --tsa URL --er IN --out OUT
 *   renew-hash --tsa URL --er IN --out OUT --hash sha512 (--data F ... | --group F ...)
 *   dump       --er FILE    (structure: digestAlgorithm, reducedHashtree lists, imprints)
 * Each prints a small JSON object on stdout.
 */

import java.io.ByteArrayOutputStream;
import java.io.File;
import java.io.FileReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.math.BigInteger;
import java.net.HttpURLConnection;
import java.net.URL;
import java.nio.file.Files;
import java.security.MessageDigest;
import java.security.SecureRandom;
import java.security.Security;
import java.text.SimpleDateFormat;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Date;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TimeZone;

import org.bouncycastle.asn1.ASN1Encoding;
import org.bouncycastle.asn1.ASN1ObjectIdentifier;
import org.bouncycastle.asn1.nist.NISTObjectIdentifiers;
import org.bouncycastle.asn1.tsp.ArchiveTimeStamp;
import org.bouncycastle.asn1.tsp.ArchiveTimeStampChain;
import org.bouncycastle.asn1.tsp.EvidenceRecord;
import org.bouncycastle.asn1.tsp.PartialHashtree;
import org.bouncycastle.asn1.x509.AlgorithmIdentifier;
import org.bouncycastle.cert.X509CertificateHolder;
import org.bouncycastle.cms.SignerInformationVerifier;
import org.bouncycastle.cms.jcajce.JcaSimpleSignerInfoVerifierBuilder;
import org.bouncycastle.jce.provider.BouncyCastleProvider;
import org.bouncycastle.openssl.PEMParser;
import org.bouncycastle.operator.ContentVerifierProvider;
import org.bouncycastle.operator.DigestCalculator;
import org.bouncycastle.operator.DigestCalculatorProvider;
import org.bouncycastle.operator.jcajce.JcaContentVerifierProviderBuilder;
import org.bouncycastle.operator.jcajce.JcaDigestCalculatorProviderBuilder;
import org.bouncycastle.tsp.TimeStampRequest;
import org.bouncycastle.tsp.TimeStampRequestGenerator;
import org.bouncycastle.tsp.TimeStampResponse;
import org.bouncycastle.tsp.TimeStampToken;
import org.bouncycastle.tsp.ers.ERSArchiveTimeStamp;
import org.bouncycastle.tsp.ers.ERSArchiveTimeStampGenerator;
import org.bouncycastle.tsp.ers.ERSByteData;
import org.bouncycastle.tsp.ers.ERSData;
import org.bouncycastle.tsp.ers.ERSDataGroup;
import org.bouncycastle.tsp.ers.ERSEvidenceRecord;
import org.bouncycastle.tsp.ers.ERSEvidenceRecordGenerator;
import org.bouncycastle.util.Store;
import org.bouncycastle.util.encoders.Hex;

public class ErsOracle
{
    /** Failure with a one-line reason (exit 1). */
    static class Fail extends Exception
    {
        Fail(String msg) { super(msg); }
    }

    /** Bad command line (exit 2). */
    static class Usage extends Exception
    {
        Usage(String msg) { super(msg); }
    }

    public static void main(String[] args)
    {
        Security.addProvider(new BouncyCastleProvider());
        try
        {
            if (args.length == 0)
            {
                throw new Usage("no command (verify, make, renew-ts, renew-hash, dump)");
            }
            Args a = new Args(args);
            String out;
            switch (args[0])
            {
            case "verify":     out = verify(a); break;
            case "make":       out = make(a); break;
            case "renew-ts":   out = renewTs(a); break;
            case "renew-hash": out = renewHash(a); break;
            case "dump":       out = dump(a); break;
            default: throw new Usage("unknown command " + args[0]);
            }
            System.out.println(out);
            System.exit(0);
        }
        catch (Usage e)
        {
            System.err.println("usage: " + e.getMessage());
            System.exit(2);
        }
        catch (Throwable e)
        {
            System.err.println(oneLine(e));
            System.exit(1);
        }
    }

    // ------------------------------------------------------------------ verify

    static String verify(Args a) throws Exception
    {
        byte[] erBytes = readFile(a.one("--er"));
        DigestCalculatorProvider digProv = digestProvider();

        // The constructor already checks, per chain, that every ATS after the first
        // covers the previous ATS's timeStamp (BC: validateChains), and computes the
        // hash of the earlier chains used for the last chain's first ATS.
        ERSEvidenceRecord er;
        try
        {
            er = new ERSEvidenceRecord(erBytes, digProv);
        }
        catch (Exception e)
        {
            throw new Fail("parse/chain check: " + oneLine(e));
        }

        // Data presence in the first ATS of the last chain (BC: validatePresent).
        Date now = new Date();
        if (a.has("--data-hash"))
        {
            // Data object given by the hash that must appear in the first ATS of the
            // last chain (for a hash-renewed chain: H(h(d) || ha), not h(d)).
            for (String hex : a.all("--data-hash"))
            {
                try
                {
                    er.validatePresent(false, Hex.decode(hex), now);
                }
                catch (Exception e)
                {
                    throw new Fail("data hash not present: " + oneLine(e));
                }
            }
        }
        else
        {
            for (ERSData d : dataArgs(a))
            {
                try
                {
                    er.validatePresent(d, now);
                }
                catch (Exception e)
                {
                    throw new Fail("data not present: " + oneLine(e));
                }
            }
        }

        // BC's whole-record check: all earlier ATS of the last chain in the last ATS,
        // then the last token's CMS signature.
        EvidenceRecord asn1 = er.toASN1Structure();
        ArchiveTimeStampChain[] chains = asn1.getArchiveTimeStampSequence().getArchiveTimeStampChains();
        ArchiveTimeStamp[] lastChain = chains[chains.length - 1].getArchiveTimestamps();
        try
        {
            er.validate(verifierFor(new TimeStampToken(lastChain[lastChain.length - 1].getTimeStamp()), "last"));
        }
        catch (Fail e)
        {
            throw e;
        }
        catch (Exception e)
        {
            throw new Fail("record validate: " + oneLine(e));
        }

        // Every token's signature with its own embedded signer certificate (BC only
        // checks the last one), and optionally the chain to --root.
        X509CertificateHolder root = a.has("--root") ? readCert(a.one("--root")) : null;
        StringBuilder ts = new StringBuilder();
        for (int i = 0; i != chains.length; i++)
        {
            ArchiveTimeStamp[] atss = chains[i].getArchiveTimestamps();
            for (int j = 0; j != atss.length; j++)
            {
                String where = "chain " + i + " ats " + j;
                TimeStampToken tok;
                try
                {
                    tok = new TimeStampToken(atss[j].getTimeStamp());
                    tok.validate(verifierFor(tok, where));
                }
                catch (Fail e)
                {
                    throw e;
                }
                catch (Exception e)
                {
                    throw new Fail(where + ": token: " + oneLine(e));
                }
                if (root != null)
                {
                    checkChainsTo(tok, root, where);
                }
                if (ts.length() > 0)
                {
                    ts.append(',');
                }
                ts.append("{\"chain\":").append(i).append(",\"index\":").append(j)
                  .append(",\"genTime\":").append(q(iso(tok.getTimeStampInfo().getGenTime())))
                  .append(",\"digestAlgorithm\":").append(q(atss[j].getDigestAlgorithmIdentifier().getAlgorithm().getId()))
                  .append('}');
            }
        }
        return "{\"ok\":true,\"chains\":" + chains.length + ",\"timestamps\":[" + ts + "]}";
    }

    static SignerInformationVerifier verifierFor(TimeStampToken tok, String where) throws Exception
    {
        X509CertificateHolder signer = signerCert(tok);
        if (signer == null)
        {
            throw new Fail(where + ": signer certificate not embedded in the token");
        }
        return new JcaSimpleSignerInfoVerifierBuilder().setProvider("BC").build(signer);
    }

    @SuppressWarnings("unchecked")
    static X509CertificateHolder signerCert(TimeStampToken tok)
    {
        Store<X509CertificateHolder> store = tok.getCertificates();
        if (store == null)
        {
            return null;
        }
        Collection<X509CertificateHolder> c = store.getMatches(tok.getSID());
        return c.isEmpty() ? null : c.iterator().next();
    }

    /** Signer cert chains to root through certificates embedded in the token (issuer signatures only). */
    @SuppressWarnings("unchecked")
    static void checkChainsTo(TimeStampToken tok, X509CertificateHolder root, String where) throws Exception
    {
        X509CertificateHolder cur = signerCert(tok);
        Collection<X509CertificateHolder> all = tok.getCertificates().getMatches(null);
        for (int depth = 0; depth < 8 && cur != null; depth++)
        {
            if (cur.equals(root))
            {
                return;
            }
            if (cur.getIssuer().equals(root.getSubject()) && signedBy(cur, root))
            {
                return;
            }
            X509CertificateHolder next = null;
            for (X509CertificateHolder c : all)
            {
                if (!c.equals(cur) && c.getSubject().equals(cur.getIssuer()) && signedBy(cur, c))
                {
                    next = c;
                    break;
                }
            }
            cur = next;
        }
        throw new Fail(where + ": signer certificate does not chain to --root");
    }

    /** True if issuer's key verifies cert's signature (false on any key/algorithm mismatch). */
    static boolean signedBy(X509CertificateHolder cert, X509CertificateHolder issuer)
    {
        try
        {
            ContentVerifierProvider v = new JcaContentVerifierProviderBuilder().setProvider("BC").build(issuer);
            return cert.isSignatureValid(v);
        }
        catch (Exception e)
        {
            return false;
        }
    }

    // ------------------------------------------------------------------ make / renew

    static String make(Args a) throws Exception
    {
        String tsa = a.one("--tsa");
        String out = a.one("--out");
        DigestCalculatorProvider digProv = digestProvider();
        DigestCalculator digCalc = digProv.get(hashAlg(a.opt("--hash", "sha256")));

        ERSArchiveTimeStampGenerator gen = new ERSArchiveTimeStampGenerator(digCalc);
        List<ERSData> data = dataArgs(a);
        gen.addAllData(data);

        TimeStampRequest req = gen.generateTimeStampRequest(requestGenerator(), nonce());
        TimeStampResponse resp = postTsa(tsa, req);

        ERSEvidenceRecordGenerator erGen = new ERSEvidenceRecordGenerator(digProv);
        List<String> written = new ArrayList<String>();
        if (data.size() == 1)
        {
            ERSArchiveTimeStamp ats = gen.generateArchiveTimeStamp(resp);
            writeFile(out, erGen.generate(ats).getEncoded());
            written.add(out);
        }
        else
        {
            // One ATS (and record) per data object, each with its path to the common root.
            List<ERSEvidenceRecord> ers = erGen.generate(gen.generateArchiveTimeStamps(resp));
            for (int i = 0; i != ers.size(); i++)
            {
                writeFile(out + "." + i, ers.get(i).getEncoded());
                written.add(out + "." + i);
            }
        }
        return "{\"ok\":true,\"imprint\":" + q(Hex.toHexString(req.getMessageImprintDigest()))
            + ",\"written\":" + jsonList(written) + "}";
    }

    static String renewTs(Args a) throws Exception
    {
        ERSEvidenceRecord er = new ERSEvidenceRecord(readFile(a.one("--er")), digestProvider());
        TimeStampRequest req = er.generateTimeStampRenewalRequest(requestGenerator(), nonce());
        TimeStampResponse resp = postTsa(a.one("--tsa"), req);
        ERSEvidenceRecord renewed = er.renewTimeStamp(resp);
        writeFile(a.one("--out"), renewed.getEncoded());
        return "{\"ok\":true,\"imprint\":" + q(Hex.toHexString(req.getMessageImprintDigest())) + "}";
    }

    static String renewHash(Args a) throws Exception
    {
        DigestCalculatorProvider digProv = digestProvider();
        ERSEvidenceRecord er = new ERSEvidenceRecord(readFile(a.one("--er")), digProv);
        DigestCalculator digCalc = digProv.get(hashAlg(a.opt("--hash", "sha512")));
        List<ERSData> data = dataArgs(a);
        if (data.size() != 1)
        {
            throw new Usage("renew-hash takes one --data or one --group");
        }
        TimeStampRequest req = er.generateHashRenewalRequest(digCalc, data.get(0), requestGenerator(), nonce());
        TimeStampResponse resp = postTsa(a.one("--tsa"), req);
        ERSEvidenceRecord renewed = er.renewHash(digCalc, data.get(0), resp);
        writeFile(a.one("--out"), renewed.getEncoded());
        return "{\"ok\":true,\"imprint\":" + q(Hex.toHexString(req.getMessageImprintDigest())) + "}";
    }

    static TimeStampRequestGenerator requestGenerator()
    {
        TimeStampRequestGenerator g = new TimeStampRequestGenerator();
        g.setCertReq(true);
        return g;
    }

    static BigInteger nonce()
    {
        return new BigInteger(63, new SecureRandom());
    }

    /** RFC 3161 over HTTP: POST application/timestamp-query, expect a granted response. */
    static TimeStampResponse postTsa(String url, TimeStampRequest req) throws Exception
    {
        HttpURLConnection c = (HttpURLConnection)new URL(url).openConnection();
        c.setDoOutput(true);
        c.setRequestMethod("POST");
        c.setRequestProperty("Content-Type", "application/timestamp-query");
        c.setRequestProperty("Accept", "application/timestamp-reply");
        byte[] body = req.getEncoded();
        try (OutputStream os = c.getOutputStream())
        {
            os.write(body);
        }
        if (c.getResponseCode() != 200)
        {
            throw new Fail("TSA HTTP " + c.getResponseCode());
        }
        byte[] respBytes;
        try (InputStream in = c.getInputStream())
        {
            respBytes = readAll(in);
        }
        TimeStampResponse resp = new TimeStampResponse(respBytes);
        if (resp.getStatus() != 0 && resp.getStatus() != 1)
        {
            throw new Fail("TSA refused: status " + resp.getStatus() + " " + resp.getStatusString());
        }
        resp.validate(req);
        return resp;
    }

    // ------------------------------------------------------------------ dump

    static String dump(Args a) throws Exception
    {
        EvidenceRecord er = EvidenceRecord.getInstance(readFile(a.one("--er")));
        StringBuilder sb = new StringBuilder("{\"digestAlgorithms\":[");
        AlgorithmIdentifier[] algs = er.getDigestAlgorithms();
        for (int i = 0; i != algs.length; i++)
        {
            sb.append(i > 0 ? "," : "").append(q(algs[i].getAlgorithm().getId()));
        }
        sb.append("],\"chains\":[");
        ArchiveTimeStampChain[] chains = er.getArchiveTimeStampSequence().getArchiveTimeStampChains();
        for (int i = 0; i != chains.length; i++)
        {
            sb.append(i > 0 ? ",\n " : "\n ").append('[');
            ArchiveTimeStamp[] atss = chains[i].getArchiveTimestamps();
            for (int j = 0; j != atss.length; j++)
            {
                ArchiveTimeStamp ats = atss[j];
                TimeStampToken tok = new TimeStampToken(ats.getTimeStamp());
                sb.append(j > 0 ? ",\n  " : "\n  ").append('{');
                sb.append("\"digestAlgorithmField\":").append(ats.getDigestAlgorithm() == null ? "null" : q(ats.getDigestAlgorithm().getAlgorithm().getId()));
                sb.append(",\"reducedHashtree\":");
                PartialHashtree[] rht = ats.getReducedHashTree();
                if (rht == null)
                {
                    sb.append("null");
                }
                else
                {
                    sb.append('[');
                    for (int k = 0; k != rht.length; k++)
                    {
                        sb.append(k > 0 ? "," : "").append('[');
                        byte[][] v = rht[k].getValues();
                        for (int m = 0; m != v.length; m++)
                        {
                            sb.append(m > 0 ? "," : "").append(q(Hex.toHexString(v[m])));
                        }
                        sb.append(']');
                    }
                    sb.append(']');
                }
                sb.append(",\"imprintAlgorithm\":").append(q(tok.getTimeStampInfo().getMessageImprintAlgOID().getId()));
                sb.append(",\"imprint\":").append(q(Hex.toHexString(tok.getTimeStampInfo().getMessageImprintDigest())));
                sb.append(",\"genTime\":").append(q(iso(tok.getTimeStampInfo().getGenTime())));
                sb.append(",\"timeStampDerSha256\":").append(q(Hex.toHexString(
                    MessageDigest.getInstance("SHA-256").digest(ats.getTimeStamp().getEncoded(ASN1Encoding.DER)))));
                sb.append('}');
            }
            sb.append(']');
        }
        sb.append("]}");
        return sb.toString();
    }

    // ------------------------------------------------------------------ helpers

    static DigestCalculatorProvider digestProvider() throws Exception
    {
        return new JcaDigestCalculatorProviderBuilder().setProvider("BC").build();
    }

    /** Digest AlgorithmIdentifier as BC writes it (parameters absent). */
    static AlgorithmIdentifier hashAlg(String name) throws Usage
    {
        ASN1ObjectIdentifier oid;
        switch (name.toLowerCase())
        {
        case "sha256": oid = NISTObjectIdentifiers.id_sha256; break;
        case "sha384": oid = NISTObjectIdentifiers.id_sha384; break;
        case "sha512": oid = NISTObjectIdentifiers.id_sha512; break;
        default: throw new Usage("unknown --hash " + name);
        }
        return new AlgorithmIdentifier(oid);
    }

    /** --data F ... : one ERSByteData per file; --group F ... : one ERSDataGroup of them. */
    static List<ERSData> dataArgs(Args a) throws Exception
    {
        List<ERSData> out = new ArrayList<ERSData>();
        if (a.has("--data") == a.has("--group"))
        {
            throw new Usage("give --data F ... or --group F ...");
        }
        if (a.has("--data"))
        {
            for (String f : a.all("--data"))
            {
                out.add(new ERSByteData(readFile(f)));
            }
        }
        else
        {
            List<ERSData> members = new ArrayList<ERSData>();
            for (String f : a.all("--group"))
            {
                members.add(new ERSByteData(readFile(f)));
            }
            out.add(new ERSDataGroup(members));
        }
        return out;
    }

    static X509CertificateHolder readCert(String path) throws Exception
    {
        try (PEMParser p = new PEMParser(new FileReader(path)))
        {
            Object o = p.readObject();
            if (!(o instanceof X509CertificateHolder))
            {
                throw new Fail("no certificate in " + path);
            }
            return (X509CertificateHolder)o;
        }
    }

    static byte[] readFile(String path) throws IOException
    {
        return Files.readAllBytes(new File(path).toPath());
    }

    static void writeFile(String path, byte[] b) throws IOException
    {
        Files.write(new File(path).toPath(), b);
    }

    static byte[] readAll(InputStream in) throws IOException
    {
        ByteArrayOutputStream bo = new ByteArrayOutputStream();
        byte[] buf = new byte[8192];
        int n;
        while ((n = in.read(buf)) > 0)
        {
            bo.write(buf, 0, n);
        }
        return bo.toByteArray();
    }

    static String iso(Date d)
    {
        SimpleDateFormat f = new SimpleDateFormat("yyyy-MM-dd'T'HH:mm:ss.SSS'Z'");
        f.setTimeZone(TimeZone.getTimeZone("UTC"));
        return f.format(d);
    }

    static String q(String s)
    {
        return "\"" + s.replace("\\", "\\\\").replace("\"", "\\\"") + "\"";
    }

    static String jsonList(List<String> l)
    {
        StringBuilder sb = new StringBuilder("[");
        for (int i = 0; i != l.size(); i++)
        {
            sb.append(i > 0 ? "," : "").append(q(l.get(i)));
        }
        return sb.append(']').toString();
    }

    static String oneLine(Throwable e)
    {
        StringBuilder sb = new StringBuilder(e.getClass().getSimpleName() + ": " + e.getMessage());
        for (Throwable c = e.getCause(); c != null && c != e; c = c.getCause())
        {
            sb.append(" <- ").append(c.getClass().getSimpleName()).append(": ").append(c.getMessage());
            if (c.getCause() == c)
            {
                break;
            }
        }
        if (e instanceof Fail)
        {
            sb = new StringBuilder(e.getMessage());
        }
        return sb.toString().replace('\n', ' ');
    }

    /** Minimal "--flag value..." parser: a flag takes every following non-flag word. */
    static class Args
    {
        final Map<String, List<String>> m = new LinkedHashMap<String, List<String>>();

        Args(String[] args) throws Usage
        {
            String cur = null;
            for (int i = 1; i < args.length; i++)
            {
                if (args[i].startsWith("--"))
                {
                    cur = args[i];
                    m.putIfAbsent(cur, new ArrayList<String>());
                }
                else if (cur == null)
                {
                    throw new Usage("unexpected argument " + args[i]);
                }
                else
                {
                    m.get(cur).add(args[i]);
                }
            }
        }

        boolean has(String k) { return m.containsKey(k) && !m.get(k).isEmpty(); }

        List<String> all(String k) { return m.get(k); }

        String one(String k) throws Usage
        {
            if (!has(k) || m.get(k).size() != 1)
            {
                throw new Usage(k + " takes exactly one value");
            }
            return m.get(k).get(0);
        }

        String opt(String k, String dflt) throws Usage
        {
            return has(k) ? one(k) : dflt;
        }
    }
}
