export { CsvParser, parseCsv, type CsvBadRecord, type CsvHandlers, type CsvParserOptions } from "./parser";
export { sniffDelimiter, DELIMITER_CANDIDATES, type Delimiter } from "./sniff";
export { detectEncoding, sniffBinary, StreamDecoder, type EncodingGuess, type TextEncodingName } from "./encoding";
export { openTextSource, type TextSource, type OpenTextOptions } from "./source";
