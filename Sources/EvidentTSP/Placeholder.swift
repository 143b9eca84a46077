import EvidentDER
