import ArgumentParser
import EvidentDER
import EvidentTSP

extension TSPMessage.Kind: ExpressibleByArgument {}

struct TSInspect: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "inspect",
        abstract: "Dump a time-stamp request, response or token (auto-detected).",
        discussion:
            "Input is DER; the deviations sound TSAs emit (a DEFAULT value written out, SET OF out of order) are accepted and reported as warnings on stderr, unless --strict-der; --ber also accepts structural BER. Bad input: one line on stderr naming what and where, exit status 2."
    )

    @Argument(help: "A .tsq, .tsr or token file (DER).") var file: String
    @Flag(help: "The file is a bare token (ContentInfo), not a response.") var token = false
    @Option(help: "Force the type: auto, request, response or token.") var type: TSPMessage.Kind = .auto
    @OptionGroup var encoding: EncodingOptions
    @Flag(help: "Print JSON instead of text.") var json = false

    func run() throws {
        try CLI.guarding {
            let bytes = try CLI.readFile(file, limit: TSPLimits.maxMessageSize)
            let (message, warnings): (TSPMessage, [DERWarning])
            do {
                (message, warnings) = try TSPMessage.decode(bytes, as: token ? .token : type, rules: encoding.rules)
            } catch let e as DERError {
                throw InputError("\(file): \(e)\(encoding.hint(for: e))")
            }
            for w in warnings { CLI.printError("evident: \(file): \(w)") }
            if json {
                print(message.json().render())
            } else {
                print(message.text(), terminator: "")
            }
        }
    }
}
