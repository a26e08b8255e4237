/**
 * Static reference data for the demo store: geography, taxes, shipping,
 * people's names and the product catalogue. Plain data, no Medusa imports.
 */

export type RegionDef = {
  name: string
  currency_code: "eur" | "usd"
  is_tax_inclusive: boolean
  countries: string[]
}

export const REGIONS: RegionDef[] = [
  {
    name: "Europe",
    currency_code: "eur",
    is_tax_inclusive: true,
    countries: ["de", "fr", "nl", "es", "it", "at", "be", "ie", "dk", "se"],
  },
  {
    name: "North America",
    currency_code: "usd",
    is_tax_inclusive: false,
    countries: ["us", "ca"],
  },
]

/** Default tax rate per country (null: no default rate, e.g. US sales tax is per state). */
export const TAX_RATES: Record<string, { rate: number; code: string; name: string } | null> = {
  de: { rate: 19, code: "DE-VAT", name: "MwSt." },
  fr: { rate: 20, code: "FR-VAT", name: "TVA" },
  nl: { rate: 21, code: "NL-VAT", name: "BTW" },
  es: { rate: 21, code: "ES-VAT", name: "IVA" },
  it: { rate: 22, code: "IT-VAT", name: "IVA" },
  at: { rate: 20, code: "AT-VAT", name: "USt." },
  be: { rate: 21, code: "BE-VAT", name: "BTW/TVA" },
  ie: { rate: 23, code: "IE-VAT", name: "VAT" },
  dk: { rate: 25, code: "DK-VAT", name: "Moms" },
  se: { rate: 25, code: "SE-VAT", name: "Moms" },
  ca: { rate: 5, code: "CA-GST", name: "GST" },
  us: null,
}

export const SHIPPING_OPTIONS = [
  { code: "standard", name: "Standard Shipping", label: "Standard", description: "Ships in 2-4 business days.", eur: 5, usd: 6 },
  { code: "express", name: "Express Shipping", label: "Express", description: "Ships in 24 hours.", eur: 15, usd: 18 },
] as const

export const STOCK_LOCATION = {
  name: "Rotterdam Warehouse",
  address: { address_1: "Waalhaven Oostzijde 1", city: "Rotterdam", postal_code: "3087 BM", country_code: "NL" },
}

export const FULFILLMENT_SET_NAME = "Rotterdam Warehouse shipping"
export const PUBLISHABLE_KEY_TITLE = "Webshop"

/** Where shoppers live: weight, name pool and address format. */
export type CountryDef = {
  code: string
  weight: number
  names: NamePool
  phone: string
  cities: [city: string, postal: string, province?: string][]
  streets: string[]
  /** true: "Hauptstraße 12"; false: "12 Main Street" */
  numberAfterStreet: boolean
  locale: string
}

type NamePool = { first: string[]; last: string[] }

const EN: NamePool = {
  first: [
    "James", "Olivia", "Liam", "Emma", "Noah", "Ava", "Ethan", "Sophia", "Mason", "Isabella",
    "Lucas", "Mia", "Logan", "Charlotte", "Jackson", "Amelia", "Aiden", "Harper", "Elijah", "Evelyn",
    "Grace", "Henry", "Chloe", "Samuel", "Lily", "Daniel", "Zoe", "Matthew", "Hannah", "Owen",
    "Nora", "Caleb", "Ella", "Ryan", "Abigail", "Nathan", "Emily", "Dylan", "Madison", "Jack",
  ],
  last: [
    "Smith", "Johnson", "Williams", "Brown", "Jones", "Miller", "Davis", "Wilson", "Anderson", "Taylor",
    "Thomas", "Moore", "Martin", "Jackson", "Thompson", "White", "Harris", "Clark", "Lewis", "Robinson",
    "Walker", "Young", "Allen", "King", "Wright", "Scott", "Green", "Baker", "Adams", "Nelson",
    "Hill", "Campbell", "Mitchell", "Roberts", "Carter", "Phillips", "Evans", "Turner", "Parker", "Collins",
  ],
}
const IE: NamePool = {
  first: ["Aoife", "Cian", "Siobhan", "Oisin", "Niamh", "Conor", "Saoirse", "Darragh", "Ciara", "Sean", "Roisin", "Eoin", "Orla", "Padraig", "Aisling", "Fionn"],
  last: ["Murphy", "Kelly", "O'Sullivan", "Walsh", "O'Brien", "Byrne", "Ryan", "O'Connor", "O'Neill", "Doyle", "McCarthy", "Gallagher", "Kennedy", "Lynch", "Quinn", "Brennan"],
}
const DE: NamePool = {
  first: [
    "Lukas", "Anna", "Leon", "Lea", "Finn", "Hannah", "Jonas", "Lena", "Paul", "Marie",
    "Felix", "Sophie", "Maximilian", "Laura", "Tim", "Julia", "Jan", "Katharina", "Moritz", "Johanna",
    "Niklas", "Clara", "Tobias", "Franziska", "Florian", "Sarah",
  ],
  last: [
    "Müller", "Schmidt", "Schneider", "Fischer", "Weber", "Meyer", "Wagner", "Becker", "Schulz", "Hoffmann",
    "Schäfer", "Koch", "Bauer", "Richter", "Klein", "Wolf", "Schröder", "Neumann", "Schwarz", "Zimmermann",
    "Braun", "Krüger", "Hofmann", "Hartmann", "Lange", "Werner",
  ],
}
const FR: NamePool = {
  first: [
    "Louis", "Emma", "Gabriel", "Jade", "Raphaël", "Louise", "Arthur", "Alice", "Hugo", "Chloé",
    "Jules", "Léa", "Adam", "Manon", "Lucas", "Inès", "Théo", "Camille", "Nathan", "Zoé",
    "Mathis", "Juliette", "Antoine", "Margaux",
  ],
  last: [
    "Martin", "Bernard", "Dubois", "Thomas", "Robert", "Richard", "Petit", "Durand", "Leroy", "Moreau",
    "Simon", "Laurent", "Lefèvre", "Michel", "Garcia", "David", "Bertrand", "Roux", "Vincent", "Fournier",
    "Morel", "Girard", "Fontaine", "Rousseau",
  ],
}
const NL: NamePool = {
  first: ["Daan", "Emma", "Sem", "Julia", "Lucas", "Tess", "Levi", "Sophie", "Finn", "Anna", "Milan", "Zoë", "Jesse", "Sara", "Bram", "Fleur", "Thijs", "Lotte", "Ruben", "Noor"],
  last: ["de Jong", "Jansen", "de Vries", "van den Berg", "van Dijk", "Bakker", "Janssen", "Visser", "Smit", "Meijer", "de Boer", "Mulder", "de Groot", "Bos", "Vos", "Peters", "Hendriks", "van Leeuwen", "Dekker", "Brouwer"],
}
const ES: NamePool = {
  first: ["Hugo", "Lucía", "Martín", "Sofía", "Pablo", "María", "Daniel", "Martina", "Alejandro", "Paula", "Álvaro", "Julia", "Adrián", "Valeria", "Diego", "Carmen", "Javier", "Elena"],
  last: ["García", "Rodríguez", "González", "Fernández", "López", "Martínez", "Sánchez", "Pérez", "Gómez", "Martín", "Jiménez", "Ruiz", "Hernández", "Díaz", "Moreno", "Muñoz", "Álvarez", "Romero"],
}
const IT: NamePool = {
  first: ["Leonardo", "Sofia", "Francesco", "Giulia", "Alessandro", "Aurora", "Lorenzo", "Alice", "Mattia", "Ginevra", "Andrea", "Emma", "Gabriele", "Giorgia", "Riccardo", "Beatrice", "Marco", "Chiara"],
  last: ["Rossi", "Russo", "Ferrari", "Esposito", "Bianchi", "Romano", "Colombo", "Ricci", "Marino", "Greco", "Bruno", "Gallo", "Conti", "De Luca", "Mancini", "Costa", "Giordano", "Rizzo"],
}
const NORDIC: NamePool = {
  first: ["William", "Alma", "Oscar", "Ella", "Lucas", "Freja", "Elias", "Ida", "Hugo", "Maja", "Oliver", "Astrid", "Emil", "Saga", "Axel", "Clara", "Magnus", "Sofie"],
  last: ["Andersson", "Johansson", "Karlsson", "Nilsson", "Eriksson", "Larsson", "Olsson", "Nielsen", "Jensen", "Hansen", "Pedersen", "Andersen", "Christensen", "Lindqvist", "Berg", "Holm", "Sørensen", "Lund"],
}

export const COUNTRIES: CountryDef[] = [
  {
    code: "us", weight: 34, names: EN, phone: "+1", numberAfterStreet: false, locale: "en-US",
    cities: [
      ["New York", "10001", "NY"], ["Brooklyn", "11201", "NY"], ["Austin", "78701", "TX"], ["Houston", "77002", "TX"],
      ["Los Angeles", "90012", "CA"], ["San Francisco", "94103", "CA"], ["San Diego", "92101", "CA"], ["Seattle", "98101", "WA"],
      ["Portland", "97205", "OR"], ["Denver", "80202", "CO"], ["Chicago", "60601", "IL"], ["Boston", "02108", "MA"],
      ["Atlanta", "30303", "GA"], ["Miami", "33130", "FL"], ["Minneapolis", "55401", "MN"], ["Philadelphia", "19103", "PA"],
    ],
    streets: ["Main Street", "Oak Avenue", "Maple Drive", "Park Avenue", "Cedar Lane", "Pine Street", "Elm Street", "Washington Avenue", "Lake Road", "Sunset Boulevard", "Hillcrest Drive", "Madison Avenue"],
  },
  {
    code: "ca", weight: 7, names: EN, phone: "+1", numberAfterStreet: false, locale: "en-CA",
    cities: [["Toronto", "M5V 2T6", "ON"], ["Vancouver", "V6B 1A1", "BC"], ["Montreal", "H2X 1Y4", "QC"], ["Calgary", "T2P 1J9", "AB"], ["Ottawa", "K1P 1J1", "ON"]],
    streets: ["King Street West", "Queen Street", "Yonge Street", "Granville Street", "Rue Sainte-Catherine", "Bank Street"],
  },
  {
    code: "de", weight: 15, names: DE, phone: "+49", numberAfterStreet: true, locale: "de-DE",
    cities: [["Berlin", "10115"], ["Hamburg", "20095"], ["München", "80331"], ["Köln", "50667"], ["Frankfurt am Main", "60311"], ["Stuttgart", "70173"], ["Leipzig", "04109"], ["Düsseldorf", "40213"]],
    streets: ["Hauptstraße", "Bahnhofstraße", "Gartenstraße", "Schillerstraße", "Goethestraße", "Lindenallee", "Kirchweg", "Bergstraße"],
  },
  {
    code: "fr", weight: 10, names: FR, phone: "+33", numberAfterStreet: false, locale: "fr-FR",
    cities: [["Paris", "75011"], ["Lyon", "69002"], ["Marseille", "13001"], ["Toulouse", "31000"], ["Bordeaux", "33000"], ["Nantes", "44000"], ["Lille", "59000"]],
    streets: ["rue de la République", "avenue Victor Hugo", "rue Pasteur", "boulevard Voltaire", "rue du Moulin", "place de la Mairie"],
  },
  {
    code: "nl", weight: 7, names: NL, phone: "+31", numberAfterStreet: true, locale: "nl-NL",
    cities: [["Amsterdam", "1015 CJ"], ["Rotterdam", "3011 AD"], ["Utrecht", "3511 LX"], ["Den Haag", "2511 CV"], ["Eindhoven", "5611 AB"], ["Groningen", "9711 LM"]],
    streets: ["Kerkstraat", "Dorpsstraat", "Molenweg", "Prinsengracht", "Stationsweg", "Julianalaan"],
  },
  {
    code: "es", weight: 6, names: ES, phone: "+34", numberAfterStreet: true, locale: "es-ES",
    cities: [["Madrid", "28013"], ["Barcelona", "08002"], ["Valencia", "46002"], ["Sevilla", "41004"], ["Bilbao", "48001"], ["Málaga", "29015"]],
    streets: ["Calle Mayor", "Gran Vía", "Calle de Alcalá", "Avenida Diagonal", "Calle Real", "Paseo de Gracia"],
  },
  {
    code: "it", weight: 6, names: IT, phone: "+39", numberAfterStreet: true, locale: "it-IT",
    cities: [["Milano", "20121"], ["Roma", "00184"], ["Torino", "10121"], ["Bologna", "40121"], ["Firenze", "50122"], ["Napoli", "80132"]],
    streets: ["Via Roma", "Via Garibaldi", "Corso Vittorio Emanuele", "Via Dante", "Via Verdi", "Piazza del Duomo"],
  },
  {
    code: "at", weight: 3, names: DE, phone: "+43", numberAfterStreet: true, locale: "de-AT",
    cities: [["Wien", "1010"], ["Graz", "8010"], ["Linz", "4020"], ["Salzburg", "5020"]],
    streets: ["Mariahilfer Straße", "Hauptplatz", "Landstraße", "Getreidegasse"],
  },
  {
    code: "be", weight: 3, names: NL, phone: "+32", numberAfterStreet: true, locale: "nl-BE",
    cities: [["Antwerpen", "2000"], ["Gent", "9000"], ["Brussel", "1000"], ["Leuven", "3000"]],
    streets: ["Meir", "Veldstraat", "Kerkstraat", "Bondgenotenlaan"],
  },
  {
    code: "ie", weight: 3, names: IE, phone: "+353", numberAfterStreet: false, locale: "en-IE",
    cities: [["Dublin", "D02 X285"], ["Cork", "T12 RW26"], ["Galway", "H91 E2K3"], ["Limerick", "V94 T9PX"]],
    streets: ["Main Street", "Grafton Street", "Patrick Street", "Shop Street", "Church Road"],
  },
  {
    code: "dk", weight: 3, names: NORDIC, phone: "+45", numberAfterStreet: true, locale: "da-DK",
    cities: [["København", "1050"], ["Aarhus", "8000"], ["Odense", "5000"], ["Aalborg", "9000"]],
    streets: ["Strøget", "Vesterbrogade", "Nørregade", "Søndergade"],
  },
  {
    code: "se", weight: 3, names: NORDIC, phone: "+46", numberAfterStreet: true, locale: "sv-SE",
    cities: [["Stockholm", "111 22"], ["Göteborg", "411 01"], ["Malmö", "211 20"], ["Uppsala", "753 10"]],
    streets: ["Drottninggatan", "Storgatan", "Kungsgatan", "Vasagatan"],
  },
]

/** Reserved example domains (RFC 2606): nothing is ever delivered to a real person. */
export const EMAIL_DOMAINS: [string, number][] = [
  ["example.com", 6],
  ["example.org", 3],
  ["example.net", 2],
]

/* ----------------------------------------------------------------- catalogue */

export type CategoryDef = { handle: string; name: string; parent?: string; description: string }

export const CATEGORIES: CategoryDef[] = [
  { handle: "shoes", name: "Shoes", description: "Sneakers, runners and boots." },
  { handle: "apparel", name: "Apparel", description: "Everything to wear." },
  { handle: "t-shirts", name: "T-Shirts", parent: "apparel", description: "Organic cotton tees." },
  { handle: "hoodies", name: "Hoodies", parent: "apparel", description: "Hoodies and sweatshirts." },
  { handle: "jackets", name: "Jackets", parent: "apparel", description: "Outerwear for every season." },
  { handle: "accessories", name: "Accessories", description: "Bags, caps, socks and more." },
  { handle: "home", name: "Home", description: "Things for the home." },
]

export type CollectionDef = { handle: string; title: string }

export const COLLECTIONS: CollectionDef[] = [
  { handle: "summer", title: "Summer" },
  { handle: "essentials", title: "Essentials" },
  { handle: "new-arrivals", title: "New Arrivals" },
  { handle: "winter", title: "Winter" },
]

export type OptionDef = { title: string; values: string[] }

export type ProductDef = {
  handle: string
  title: string
  subtitle?: string
  category: string
  collection?: string
  description: string
  /** major units, tax-inclusive in EUR, tax-exclusive in USD */
  eur: number
  usd: number
  weight: number
  options: OptionDef[]
  sku: string
  thumbnail?: string
  /** relative sales volume */
  popularity: number
  /** days since the product went on sale (orders never predate it) */
  launched_days_ago: number
  /** sells more in these months (0 = January) */
  season?: number[]
}

const IMG = "https://medusa-public-images.s3.eu-west-1.amazonaws.com"
const SIZES = ["S", "M", "L", "XL"]
const SHOE_SIZES = ["39", "40", "41", "42", "43", "44", "45"]
const SUMMER = [4, 5, 6, 7]
const WINTER = [9, 10, 11, 0, 1]
const ALWAYS = 900

function apparel(
  handle: string, title: string, category: string, eur: number, colors: string[], popularity: number,
  rest: Partial<ProductDef> = {}
): ProductDef {
  return {
    handle, title, category, eur, usd: Math.round(eur * 1.1), weight: category === "t-shirts" ? 220 : 650,
    options: [{ title: "Size", values: SIZES }, { title: "Color", values: colors }],
    sku: handle.toUpperCase(), popularity, launched_days_ago: ALWAYS,
    description: `${title}: cut from soft, durable fabric for everyday wear.`,
    ...rest,
  }
}

function shoe(handle: string, title: string, eur: number, colors: string[], popularity: number, rest: Partial<ProductDef> = {}): ProductDef {
  return {
    handle, title, category: "shoes", eur, usd: Math.round(eur * 1.1), weight: 900,
    options: [{ title: "Size", values: SHOE_SIZES }, { title: "Color", values: colors }],
    sku: handle.toUpperCase(), popularity, launched_days_ago: ALWAYS,
    description: `${title}: a comfortable everyday shoe with a cushioned sole.`,
    ...rest,
  }
}

function simple(
  handle: string, title: string, category: string, eur: number, popularity: number,
  option: OptionDef | null, rest: Partial<ProductDef> = {}
): ProductDef {
  return {
    handle, title, category, eur, usd: Math.round(eur * 1.1), weight: 400,
    options: option ? [option] : [{ title: "Default", values: ["One size"] }],
    sku: handle.toUpperCase(), popularity, launched_days_ago: ALWAYS,
    description: `${title}, made to last.`,
    ...rest,
  }
}

export const PRODUCTS: ProductDef[] = [
  // Shoes
  shoe("cloudstep-runner", "Cloudstep Runner", 119, ["Black", "White"], 9, { collection: "essentials" }),
  shoe("trail-pacer", "Trail Pacer", 139, ["Olive", "Slate"], 5),
  shoe("city-court-sneaker", "City Court Sneaker", 99, ["White", "Navy"], 8, { collection: "essentials" }),
  shoe("canvas-low-top", "Canvas Low-Top", 59, ["Ecru", "Black"], 7, { collection: "summer", season: SUMMER }),
  shoe("weekend-slide", "Weekend Slide", 35, ["Sand", "Black"], 4, { collection: "summer", season: SUMMER }),
  shoe("alpine-boot", "Alpine Boot", 179, ["Brown"], 3, { collection: "winter", season: WINTER }),
  shoe("merino-sneaker", "Merino Knit Sneaker", 109, ["Grey", "Charcoal"], 4, { collection: "new-arrivals", launched_days_ago: 45 }),
  shoe("retro-trainer", "Retro Trainer", 89, ["Cream", "Green"], 5),
  // T-Shirts
  apparel("classic-tee", "Classic Organic Tee", "t-shirts", 25, ["Black", "White"], 14, { collection: "essentials", thumbnail: `${IMG}/tee-black-front.png` }),
  apparel("pocket-tee", "Pocket Tee", "t-shirts", 29, ["Navy", "Heather Grey"], 7, { thumbnail: `${IMG}/tee-white-front.png` }),
  apparel("heavyweight-tee", "Heavyweight Boxy Tee", "t-shirts", 35, ["Black", "Bone"], 6, { collection: "essentials" }),
  apparel("long-sleeve-tee", "Long Sleeve Tee", "t-shirts", 32, ["White", "Forest"], 5, { season: WINTER }),
  apparel("linen-tee", "Linen Blend Tee", "t-shirts", 39, ["Sand", "Sky"], 5, { collection: "summer", season: SUMMER }),
  apparel("graphic-tee-wave", "Graphic Tee: Wave", "t-shirts", 29, ["White"], 4, { collection: "summer", season: SUMMER }),
  apparel("graphic-tee-peak", "Graphic Tee: Peak", "t-shirts", 29, ["Black"], 3, { collection: "new-arrivals", launched_days_ago: 30 }),
  apparel("performance-tee", "Performance Tee", "t-shirts", 35, ["Black", "Cobalt"], 5),
  // Hoodies
  apparel("everyday-hoodie", "Everyday Hoodie", "hoodies", 69, ["Black", "Heather Grey"], 10, { collection: "essentials", thumbnail: `${IMG}/sweatshirt-vintage-front.png` }),
  apparel("zip-hoodie", "Zip Hoodie", "hoodies", 79, ["Navy", "Black"], 6),
  apparel("crewneck-sweatshirt", "Crewneck Sweatshirt", "hoodies", 59, ["Oatmeal", "Forest"], 6, { season: WINTER }),
  apparel("fleece-half-zip", "Fleece Half-Zip", "hoodies", 85, ["Cream", "Charcoal"], 4, { collection: "winter", season: WINTER }),
  apparel("garment-dyed-hoodie", "Garment-Dyed Hoodie", "hoodies", 89, ["Clay", "Sage"], 4, { collection: "new-arrivals", launched_days_ago: 60 }),
  apparel("kids-hoodie", "Kids Hoodie", "hoodies", 39, ["Yellow", "Blue"], 3),
  // Jackets
  apparel("rain-shell", "Packable Rain Shell", "jackets", 129, ["Black", "Orange"], 4),
  apparel("puffer-jacket", "Recycled Puffer Jacket", "jackets", 189, ["Black", "Olive"], 4, { collection: "winter", season: WINTER }),
  apparel("denim-jacket", "Denim Jacket", "jackets", 119, ["Indigo"], 3),
  apparel("wool-overshirt", "Wool Overshirt", "jackets", 149, ["Camel", "Charcoal"], 3, { collection: "new-arrivals", launched_days_ago: 21 }),
  // Accessories
  simple("everyday-backpack", "Everyday Backpack", "accessories", 79, 6, { title: "Color", values: ["Black", "Olive"] }, { weight: 900 }),
  simple("canvas-tote", "Canvas Tote Bag", "accessories", 19, 8, { title: "Color", values: ["Natural", "Black"] }, { collection: "essentials" }),
  simple("dad-cap", "Dad Cap", "accessories", 25, 7, { title: "Color", values: ["Navy", "Stone", "Black"] }, { collection: "summer", season: SUMMER }),
  simple("beanie", "Ribbed Beanie", "accessories", 22, 6, { title: "Color", values: ["Black", "Rust", "Grey"] }, { collection: "winter", season: WINTER }),
  simple("crew-socks-3", "Crew Socks 3-Pack", "accessories", 18, 12, { title: "Size", values: ["36-40", "41-46"] }, { collection: "essentials", weight: 150 }),
  simple("leather-wallet", "Leather Card Wallet", "accessories", 45, 4, { title: "Color", values: ["Tan", "Black"] }, { weight: 100 }),
  simple("sunglasses", "Polarised Sunglasses", "accessories", 59, 3, null, { collection: "summer", season: SUMMER, weight: 80 }),
  simple("water-bottle", "Insulated Water Bottle", "accessories", 29, 7, { title: "Size", values: ["500 ml", "750 ml"] }, { weight: 350 }),
  // Home
  simple("ceramic-mug", "Stoneware Mug", "home", 16, 8, { title: "Color", values: ["Speckled White", "Charcoal"] }, { weight: 450 }),
  simple("soy-candle", "Soy Candle", "home", 24, 6, { title: "Scent", values: ["Cedar", "Fig", "Sea Salt"] }, { weight: 500 }),
  simple("linen-throw", "Linen Throw Blanket", "home", 69, 3, { title: "Color", values: ["Oat", "Slate"] }, { weight: 1200, season: WINTER }),
  simple("cotton-towel-set", "Cotton Towel Set", "home", 49, 4, { title: "Color", values: ["White", "Sage"] }, { weight: 1500 }),
  simple("pour-over-set", "Pour-Over Coffee Set", "home", 55, 3, null, { collection: "new-arrivals", launched_days_ago: 35, weight: 1100 }),
  simple("plant-pot", "Terracotta Plant Pot", "home", 28, 3, { title: "Size", values: ["Small", "Large"] }, { collection: "summer", weight: 1400 }),
]

/** All option value combinations of a product, in a stable order. */
export function variantCombos(options: OptionDef[]): Record<string, string>[] {
  let combos: Record<string, string>[] = [{}]
  for (const opt of options) {
    const next: Record<string, string>[] = []
    for (const c of combos) {
      for (const v of opt.values) {
        next.push({ ...c, [opt.title]: v })
      }
    }
    combos = next
  }
  return combos
}

export function variantSku(p: ProductDef, combo: Record<string, string>): string {
  const parts = Object.values(combo)
    .filter((v) => v !== "One size")
    .map((v) => v.toUpperCase().replace(/[^A-Z0-9]+/g, ""))
  return [p.sku, ...parts].join("-")
}

export function variantTitle(combo: Record<string, string>): string {
  return Object.values(combo).join(" / ")
}
