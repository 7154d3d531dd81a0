"""Word lists for the benchmark corpus: common English filler and one vocabulary per topic.

Topic words are nearly distinct across topics (a dozen are shared, as "reef" or "conductor" are
in life), so related-article ranking has something real to find and a little to get wrong.
"""

from __future__ import annotations


def _split(text: str) -> list[str]:
    return text.split()


FILLER = _split("""the of and to in a is that for on with as was by at from it an be this which or
are have has had not but were been their they its after over into more than also about
other some when would could there what all new only who while because before during through
between under where most against both each those since many these such then them first last
week month year report people government officials plan local national public city region
country state group members part later early time work number days months years recent
still often however although including across around further according spokesperson
meeting statement decision question issue change support effort process result system
program project service policy information development community level point order case
area place way world life family matter view sense plans moves steps talks proposal
agreement figures data study review analysis budget cost costs price prices market
companies company industry workers business leaders council board committee court law
rules rule office offices agency department ministry minister director chief head spoke
weeks expected likely possible important major small large several certain clear strong
hard easy quick slow open closed long short high low full""")

TOPICS: dict[str, str] = {
    "Astronomy": """telescope nebula exoplanet galaxy supernova pulsar quasar orbit comet
        asteroid redshift spectrograph observatory astronomer cosmology parallax eclipse
        meteor planetary constellation interstellar photometry magnetar starlight lunar
        perihelion solstice heliosphere kuiper stellar dwarf binary accretion gravitational
        lensing hubble blackhole cosmic neutron zodiacal""",
    "Oceans": """coral reef trawler seabed kelp plankton tide tidal estuary fishery salmon
        tuna mackerel harbour shoreline dredging lagoon mangrove seagrass whale dolphin
        sonar submersible currents upwelling salinity atoll trench krill seafloor oyster
        hatchery bycatch maritime coastguard buoy seawall brine shellfish cetacean""",
    "Railways": """railway locomotive timetable signalling carriage freight sleeper gauge
        platform viaduct tunnel electrification pantograph junction depot commuter railcar
        interchange siding turnout catenary ballast derailment conductor footbridge
        railhead shunting tramway monorail intercity rolling stock turnstile overhead
        bogie flyover marshalling passenger sidings railtrack""",
    "Vineyards": """vineyard vintage grape harvest cellar winery sommelier oak barrel riesling
        merlot chardonnay tannin terroir fermentation vintner trellis pruning rootstock
        phylloxera appellation decanter cork bottling sauvignon pinot syrah viticulture
        vinification crush must lees sparkling champagne rosé cuvée blending varietal
        estate cooperage""",
    "Semiconductors": """semiconductor wafer lithography transistor foundry silicon fabrication
        nanometre chipmaker photomask etching doping substrate packaging yield cleanroom
        gallium interconnect dielectric epitaxy extreme ultraviolet stepper die
        microprocessor memory dram nand logic node fab tapeout verilog gate leakage
        finfet chiplet foundries wafers""",
    "Beekeeping": """beekeeper hive honeycomb apiary pollen nectar queen drone colony swarm
        varroa mite propolis beeswax forager brood smoker frame extractor apiarist
        pollination wildflower clover heather foulbrood nosema overwinter supers hivebox
        honeyflow royal jelly bumblebee solitary pesticide neonicotinoid meadow apicultural
        comb""",
    "Glaciers": """glacier icefield moraine crevasse icecap meltwater permafrost calving
        iceberg snowpack firn ablation cirque serac fjord tundra subglacial sediment
        albedo icesheet retreat thinning outburst avalanche snowline alpine
        glaciologist radar borehole ice core isotope sublimation nunatak drumlin esker
        kame proglacial""",
    "Chess": """chess grandmaster gambit opening endgame checkmate stalemate bishop knight
        rook pawn castling sicilian najdorf tournament rating blitz rapid zugzwang
        fianchetto en passant tiebreak candidates olympiad arbiter clock adjournment
        sacrifice combination fork pin skewer berlin ruy lopez catalan grünfeld
        promotion""",
    "Bakeries": """bakery sourdough baguette croissant dough yeast leaven proofing oven crust
        crumb flour rye spelt wholemeal pastry brioche ciabatta focaccia kneading starter
        levain patisserie confectioner laminated butter glaze icing scone muffin bagel
        pretzel baker loaves loaf hydration gluten semolina bakehouse""",
    "Volcanoes": """volcano eruption magma lava caldera crater ash pyroclastic tephra fumarole
        lahar vent basalt andesite rhyolite seismic tremor plume sulphur dioxide
        volcanologist dormant stratovolcano shield fissure obsidian pumice scoria
        geothermal hotspot summit dome evacuation inflation degassing lapilli
        magmatic""",
    "Typography": """typeface font serif sans kerning leading ligature glyph typographer
        letterpress baseline ascender descender italic bold monospace typesetting
        foundry-type garamond helvetica bodoni futura em dash ellipsis hyphenation
        justification tracking lowercase uppercase majuscule minuscule calligraphy
        lettering opentype variable typography font-weight""",
    "Mycology": """mushroom fungus fungi mycelium spore morel chanterelle truffle mycologist
        forager hyphae lichen mould yeastlike basidiomycete puffball toadstool
        bolete porcini shiitake oyster-mushroom fruiting substrate inoculation
        decomposition mycorrhizal rhizomorph gills cap stipe spawn agar cultivation
        psilocybin amanita fungal saprophyte""",
    "Aviation": """airline aircraft runway airport cockpit pilot jetliner turboprop fuselage
        hangar airspace aviation takeoff landing taxiway avionics autopilot airframe
        airworthiness turbofan wingspan cabin crew boarding terminal gate layover
        overbooking jetstream altitude flaps rudder aileron aerodrome airliner
        flightpath airbridge""",
    "Archaeology": """archaeologist excavation artefact pottery sherd trench stratigraphy
        burial tomb sarcophagus inscription hieroglyph mosaic amphora relic dig site
        radiocarbon neolithic bronze iron-age roman hoard coin fresco papyrus
        necropolis megalith dolmen barrow midden settlement earthwork antiquities
        palaeolithic curator antiquarian""",
    "Cycling": """cyclist peloton bicycle derailleur sprint breakaway velodrome criterium
        stage classics cobbles climber domestique yellow jersey tandem chainring cassette
        saddle handlebar gravel mountainbike cyclocross time-trial echelon drafting
        puncture wheelset carbon frameset cadence watts peloton-chase grupetto
        bikepacking commuter-cycling cycleway""",
    "Orchestras": """orchestra symphony conductor concerto violinist cellist oboe bassoon
        clarinet timpani percussion philharmonic overture sonata movement rehearsal
        score podium baton concertmaster soloist chamber quartet soprano tenor baritone
        libretto opera aria encore crescendo adagio allegro scherzo cadenza
        composer""",
    "Textiles": """textile loom weaving spinning yarn wool cotton linen silk dye indigo
        tapestry embroidery knitting spindle warp weft fibre cashmere mohair alpaca
        tweed denim fabric mill dyehouse selvedge jacquard shuttle carding
        felting crochet quilting haberdashery tailoring spinner weaver""",
    "Robotics": """robot robotics actuator servo gripper manipulator exoskeleton humanoid
        quadruped lidar odometry kinematics locomotion teleoperation cobot end-effector
        firmware sensor encoder gyroscope accelerometer navigation autonomy swarm-robot
        pathfinding simulation controller torque payload drone-arm roboticist
        mechatronics microcontroller bipedal""",
    "Cheesemaking": """cheese cheesemaker dairy curd whey rennet cheddar brie camembert gouda
        parmesan gruyère roquefort mozzarella ricotta halloumi rind affineur ripening
        creamery pasteurised raw-milk brine-washed blue-veined mould-ripened cave aging
        lactic culture vat press wheel goat ewe buffalo fromagerie""",
    "Lighthouses": """lighthouse keeper lantern lens fresnel beacon foghorn headland reef-light
        lightship shoal navigation-light automated lamp gallery tower whitewash
        rockface breakwater pier signal flashing occulting sector nautical mariner
        coastline promontory shipwreck salvage lightkeeper trinity foghorns lamproom
        keepers""",
}

FIRST_NAMES = _split("""Amara Bilal Chiara Dmitri Elif Farid Greta Hiroshi Ines Jonas Kavya Lukas
Maren Nadia Oskar Priya Quentin Rosa Sanjay Tove Umar Valeria Wen Ximena Yusuf Zofia""")

LAST_NAMES = _split("""Okafor Haddad Ricci Volkov Yilmaz Rahimi Lindqvist Tanaka Moreau Becker Rao
Schneider Aalto Karimi Nilsson Patel Dubois Santos Mehta Berg Farouk Ortega Chen Alvarez Demir
Nowak""")

ROLES = """a spokesperson for the council|the project's lead researcher|a local resident|an
industry analyst|the committee chair|a senior official|the regional director|an independent
expert|a union representative|the company's chief executive""".replace("\n", " ").split("|")


def topic_words() -> dict[str, list[str]]:
    """Each topic's distinctive words, in a fixed order."""
    return {name: words.split() for name, words in TOPICS.items()}
