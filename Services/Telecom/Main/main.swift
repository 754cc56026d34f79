import Runtime
import TelecomService

await AbonentServer.main(TelecomService.definition)
